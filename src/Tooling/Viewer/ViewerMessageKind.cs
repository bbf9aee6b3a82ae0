namespace ArrHost.Tooling.Viewer;

/// <summary>What a page's text message asks for (its "t" field).</summary>
public enum ViewerMessageKind
{
    Unknown,
    Hello,
    Pose,
    Painted,
    Keyframe,
    Load,
}
