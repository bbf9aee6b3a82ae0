namespace ArrHost.Tooling.Region;

/// <summary>One render host of a local region as it will be started: its id, size and command-line switches.</summary>
public sealed record RenderHostLaunch(string Id, string Size, IReadOnlyList<string> Arguments);
