namespace ArrHost.Client.Media;

/// <summary>H.264 NAL unit types the media writers care about (ITU-T H.264 table 7-1).</summary>
public static class NalUnit
{
    /// <summary>A slice of a non-IDR picture.</summary>
    public const int NonIdrSlice = 1;

    /// <summary>A slice of an IDR (instantaneous decoder refresh) picture: a keyframe.</summary>
    public const int IdrSlice = 5;

    /// <summary>Supplemental enhancement information.</summary>
    public const int Sei = 6;

    /// <summary>Sequence parameter set.</summary>
    public const int Sps = 7;

    /// <summary>Picture parameter set.</summary>
    public const int Pps = 8;

    /// <summary>Access unit delimiter.</summary>
    public const int AccessUnitDelimiter = 9;

    /// <summary>The type of a NAL unit (its first byte's low 5 bits).</summary>
    /// <param name="nal">The NAL unit without its start code.</param>
    /// <returns>The type, or -1 for an empty unit.</returns>
    public static int TypeOf(ReadOnlySpan<byte> nal) => nal.IsEmpty ? -1 : nal[0] & 0x1F;
}
