namespace ArrHost.Tooling.Viewer;

/// <summary>
/// Which page pose sequence each SDK pose id stands for, over the last <see cref="Capacity"/> poses: a
/// fixed ring, so that looking up the pose a frame echoes allocates nothing.
/// </summary>
public sealed class PoseSequenceMap
{
    public const int Capacity = 1024;

    private readonly ulong[] _ids = new ulong[Capacity];
    private readonly uint[] _sequences = new uint[Capacity];

    public void Add(ulong poseId, uint pageSequence)
    {
        var slot = (int)(poseId % Capacity);
        lock (_ids)
        {
            _ids[slot] = poseId;
            _sequences[slot] = pageSequence;
        }
    }

    /// <summary>The page's sequence of <paramref name="poseId"/>, or 0 when it is unknown or too old.</summary>
    public uint Find(ulong poseId)
    {
        var slot = (int)(poseId % Capacity);
        lock (_ids)
        {
            return _ids[slot] == poseId ? _sequences[slot] : 0;
        }
    }
}
