namespace ArrHost.Bench.Matrix;

/// <summary>What `arr bench render` was asked to time from disk to first frame: a model file, or why not.</summary>
/// <param name="Model">The model as asked for (named in reports also when it was not found).</param>
/// <param name="Path">The model file found; null when skipped.</param>
/// <param name="SkippedBecause">Why nothing is measured (the option, or the samples folder is missing).</param>
/// <param name="Runs">How many runs the medians are taken over.</param>
internal sealed record FirstFrameRequest(string Model, string? Path, string? SkippedBecause, int Runs)
{
    /// <summary>Nothing to measure, for <paramref name="reason"/>.</summary>
    public static FirstFrameRequest Skip(string reason) => new(FirstFrameBenchmark.DefaultRelativePath, null, reason, 0);

    /// <summary>The given model, else the FlightHelmet sample beside the repository of the working folder or of this program.</summary>
    public static FirstFrameRequest Locate(string? explicitPath, int runs)
    {
        var (path, reason) = FirstFrameBenchmark.Locate(explicitPath, [Environment.CurrentDirectory, AppContext.BaseDirectory]);
        return new FirstFrameRequest(explicitPath ?? FirstFrameBenchmark.DefaultRelativePath, path, reason, runs);
    }
}
