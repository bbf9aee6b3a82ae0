namespace ArrHost.Tooling.Camera;

/// <summary>The camera's projection: vertical field of view and the image's aspect ratio (width / height).</summary>
public readonly record struct CameraLens(float VerticalFovDegrees, float Aspect)
{
    public const float DefaultFovDegrees = 45f;

    public static CameraLens For(int width, int height, float verticalFovDegrees = DefaultFovDegrees) =>
        new(verticalFovDegrees, (float)width / height);

    /// <summary>Half the vertical field of view in radians.</summary>
    public float HalfVertical => VerticalFovDegrees * MathF.PI / 360f;

    /// <summary>Half the horizontal field of view in radians.</summary>
    public float HalfHorizontal => MathF.Atan(MathF.Tan(HalfVertical) * Aspect);
}
