namespace ArrHost.RenderHost.Vulkan;

/// <summary>The Vulkan 32-bit boolean.</summary>
internal readonly partial struct VkBool32(uint value) : IEquatable<VkBool32>
{
    public readonly uint Value = value;
    public static readonly VkBool32 True = new(1);
    public static readonly VkBool32 False = new(0);
    public static implicit operator bool(VkBool32 b) => b.Value != 0;
    public static implicit operator VkBool32(bool b) => new(b ? 1u : 0u);
    public bool Equals(VkBool32 other) => Value == other.Value;
    public override bool Equals(object? obj) => obj is VkBool32 o && Equals(o);
    public override int GetHashCode() => Value.GetHashCode();
    public override string ToString() => Value != 0 ? "true" : "false";
}
