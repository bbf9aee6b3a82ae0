namespace ArrHost.Tooling.CommandLine;

/// <summary>A command line that parsed but cannot be used (e.g. no endpoint configured anywhere).</summary>
public sealed class UsageException(string message) : Exception(message);
