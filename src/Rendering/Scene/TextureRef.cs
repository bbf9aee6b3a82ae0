namespace ArrHost.Rendering.Scene;

/// <summary>A texture used by a material: which texture and which TEXCOORD set.</summary>
internal readonly record struct TextureRef(int Texture, int TexCoord)
{
    public static readonly TextureRef None = new(-1, 0);
    public bool IsPresent => Texture >= 0;
}
