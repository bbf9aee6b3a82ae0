namespace ArrHost.ControlPlane.Conversions;

/// <summary>The bytes one conversion may still read, its external files included.</summary>
internal sealed class ByteBudget(long limit)
{
    private long _left = limit;

    public long Limit { get; } = limit;

    public long Left => Interlocked.Read(ref _left);

    public void Charge(long bytes, string what)
    {
        if (Interlocked.Add(ref _left, -bytes) < 0)
            throw new ConversionFailure("InputTooLarge", $"'{what}' takes the input over the limit of {Limit} bytes.");
    }
}
