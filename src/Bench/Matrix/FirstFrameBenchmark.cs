using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Text;
using ArrHost.Rendering.Gltf;
using ArrHost.Rendering.Gpu;
using ArrHost.Tooling.Camera;

namespace ArrHost.Bench.Matrix;

/// <summary>
/// The render node's loading goal (issue 3): a model from disk to its first frame, FlightHelmet
/// under 1 s. Each run loads the .gltf (buffers and images decoded), uploads it and renders and
/// reads back one frame on a renderer that exists already, as on a host where the renderer is
/// made when the client connects, before any model is loaded.
/// </summary>
internal static class FirstFrameBenchmark
{
    /// <summary>Where the Khronos sample lies, relative to the repository root.</summary>
    public static readonly string DefaultRelativePath = Path.Combine("..", "shared", "gltf-samples", "FlightHelmet", "glTF", "FlightHelmet.gltf");

    public const int DefaultRuns = 5;
    public const int Width = 1280, Height = 720;

    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;

    /// <summary>
    /// The model to measure: <paramref name="explicitPath"/> when given, else the sample beside the
    /// first repository root (the folder holding ArrHost.sln) above one of <paramref name="searchFrom"/>.
    /// Returns null with the reason when the file is not there.
    /// </summary>
    public static (string? Path, string? Reason) Locate(string? explicitPath, IEnumerable<string> searchFrom)
    {
        if (explicitPath is not null)
        {
            var full = Path.GetFullPath(explicitPath);
            return File.Exists(full) ? (full, null) : (null, $"{full} does not exist");
        }

        var looked = new List<string>();
        foreach (var start in searchFrom)
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (!File.Exists(Path.Combine(dir.FullName, "ArrHost.sln"))) continue;
                var candidate = Path.GetFullPath(Path.Combine(dir.FullName, DefaultRelativePath));
                if (File.Exists(candidate)) return (candidate, null);
                if (!looked.Contains(candidate)) looked.Add(candidate);
                break;
            }
        }

        return looked.Count == 0
            ? (null, $"no repository root (ArrHost.sln) above {string.Join(" or ", searchFrom)} to find {DefaultRelativePath} from")
            : (null, $"the glTF samples are missing: {string.Join(", ", looked)} does not exist (the samples folder ../shared/gltf-samples lies beside the repository)");
    }

    /// <summary>Measures <paramref name="runs"/> times; every run loads from the file again (later runs find it in the page cache).</summary>
    public static async Task<FirstFrameResult> RunAsync(GpuDevice gpu, string path, int runs, int width, int height, CancellationToken ct)
    {
        var samples = new List<FirstFrameSample>(runs);
        var image = new byte[width * height * 4];
        var instances = new DrawInstance[1];
        long triangles = 0;
        for (var i = 0; i < runs; i++)
        {
            ct.ThrowIfCancellationRequested();
            // Host shading defaults (Auto), so the number is what a client of this host would see.
            using var renderer = new Renderer(gpu, new RendererOptions { Width = width, Height = height, PrimitiveBudget = null });
            var start = Stopwatch.GetTimestamp();
            var model = await GltfLoader.LoadAsync(path, cancellationToken: ct).ConfigureAwait(false);
            var loaded = Stopwatch.GetTimestamp();
            using var gpuModel = await renderer.UploadAsync(model, cancellationToken: ct).ConfigureAwait(false);
            var uploaded = Stopwatch.GetTimestamp();
            instances[0] = new DrawInstance(gpuModel, Matrix4x4.Identity);
            await renderer.RenderAsync(Camera(model, width, height), instances, image, cancellationToken: ct).ConfigureAwait(false);
            var rendered = Stopwatch.GetTimestamp();
            samples.Add(new FirstFrameSample(Ms(start, loaded), Ms(loaded, uploaded), Ms(uploaded, rendered)));
            triangles = model.PrimitiveCount;
            // The model's buffers may be freed only once the device is done with them.
            await renderer.IdleAsync(ct).ConfigureAwait(false);
        }

        return new FirstFrameResult { Model = path, Width = width, Height = height, Triangles = triangles, Runs = samples };
    }

    /// <summary>One line for the console.</summary>
    public static string Summary(FirstFrameResult r) => r.SkippedBecause is { } why
        ? $"{Name(r)} disk → first frame: {(r.Failed ? "failed" : "skipped")} ({why})"
        : string.Create(s_inv, $"{Name(r)} disk → first frame: median {r.TotalMs:F0} ms (load {r.LoadMs:F0}, upload {r.UploadMs:F0}, first frame {r.FirstFrameMs:F0}) over {r.Runs.Count} run(s); goal < {FirstFrameResult.GoalMs:F0} ms {(r.MeetsGoal == true ? "met" : "missed")}");

    /// <summary>The Markdown section: the medians of each part and of the total, and the verdict against the goal.</summary>
    public static string Markdown(FirstFrameResult r)
    {
        var sb = new StringBuilder();
        sb.AppendLine(s_inv, $"## Loading: {Name(r)} from disk to first frame (goal < {FirstFrameResult.GoalMs / 1000:0.#} s)").AppendLine();
        if (r.SkippedBecause is { } why)
        {
            sb.AppendLine(s_inv, $"{(r.Failed ? "**Failed**" : "Skipped")}: {why}.");
            return sb.ToString();
        }

        sb.AppendLine(s_inv, $"`{r.Model}` ({r.Triangles:N0} triangles) at {r.Width}x{r.Height}, {r.Runs.Count} run(s). Medians in ms: load = the .gltf, its buffers and decoded images from disk; upload = to the device; first frame = render + readback of one frame on a renderer made before the run (a host makes it when the client connects). total = the median of the runs' totals. Run 1 is the coldest: it reads whatever the page cache holds and JIT-compiles the loader and upload code in a fresh process; later runs read from the page cache.").AppendLine();
        sb.AppendLine("| load | upload | first frame | **total** | total min / max | run 1 total | goal |");
        sb.AppendLine("|---:|---:|---:|---:|---:|---:|---|");
        sb.AppendLine(s_inv, $"| {r.LoadMs:F1} | {r.UploadMs:F1} | {r.FirstFrameMs:F1} | **{r.TotalMs:F1}** | {r.MinTotalMs:F1} / {r.MaxTotalMs:F1} | {r.Runs[0].TotalMs:F1} | {(r.MeetsGoal == true ? "met" : "**missed**")} (< {FirstFrameResult.GoalMs:F0} ms) |");
        return sb.ToString();
    }

    private static string Name(FirstFrameResult r) => r.Model.Length == 0 ? "model" : Path.GetFileNameWithoutExtension(r.Model);

    /// <summary>The model framed as `arr render` frames it (its bounding sphere fills the view).</summary>
    private static CameraPose Camera(Rendering.Scene.ModelData model, int width, int height)
    {
        var view = AutoFraming.Frame(new ModelBounds(model.BoundsMin, model.BoundsMax), CameraLens.For(width, height));
        return new CameraPose(view.Position, view.Orientation, view.VerticalFovDegrees * MathF.PI / 180f, view.Near, view.Far);
    }

    private static double Ms(long from, long to) => (to - from) * 1000.0 / Stopwatch.Frequency;
}
