namespace ArrHost.Cli.Viewer;

/// <summary>What a page's text message asks for (its "t" field).</summary>
internal enum ViewerMessageKind
{
    Unknown,
    Hello,
    Pose,
    Painted,
    Keyframe,
    Load,
}
