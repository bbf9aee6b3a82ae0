namespace ArrHost.Client.Media;

/// <summary>
/// Writes an H.264 elementary stream (.h264, Annex-B) that ffplay, VLC and ffmpeg play: the
/// host's access units are already Annex-B with SPS/PPS before every keyframe, so frames are
/// appended as they are, starting at the first keyframe.
/// </summary>
public sealed class H264AnnexBWriter : IDisposable
{
    private readonly Stream _output;
    private readonly bool _ownsStream;
    private bool _started;

    /// <summary>Creates (or overwrites) a .h264 file.</summary>
    /// <param name="path">The file.</param>
    public H264AnnexBWriter(string path) : this(File.Create(path), ownsStream: true)
    {
    }

    /// <summary>Writes to a stream.</summary>
    /// <param name="output">The stream.</param>
    /// <param name="ownsStream">Whether <see cref="Dispose"/> closes it.</param>
    public H264AnnexBWriter(Stream output, bool ownsStream = false)
    {
        _output = output;
        _ownsStream = ownsStream;
    }

    /// <summary>Access units written so far.</summary>
    public int FramesWritten { get; private set; }

    /// <summary>Appends one access unit; units before the first keyframe are skipped (they cannot be decoded).</summary>
    /// <param name="accessUnit">A Frame's data (Annex-B).</param>
    /// <returns>Whether the unit was written.</returns>
    public bool Write(ReadOnlySpan<byte> accessUnit)
    {
        if (!_started && !AnnexB.ContainsIdr(accessUnit))
        {
            return false;
        }
        _started = true;
        _output.Write(accessUnit);
        FramesWritten++;
        return true;
    }

    /// <summary>Flushes and, if owned, closes the stream.</summary>
    public void Dispose()
    {
        _output.Flush();
        if (_ownsStream)
        {
            _output.Dispose();
        }
    }
}
