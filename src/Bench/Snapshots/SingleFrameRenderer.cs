using System.Diagnostics;
using System.Numerics;
using ArrHost.Rendering.Frames;
using ArrHost.Rendering.Gltf;
using ArrHost.Rendering.Models;
using ArrHost.Rendering.Scene;
using ArrHost.Tooling.Camera;

namespace ArrHost.Bench.Snapshots;

/// <summary>
/// Renders one frame of one model in this process on the host's renderer (no region): what
/// <c>arr render</c> does, reusable by tests and tools.
/// </summary>
internal static class SingleFrameRenderer
{
    /// <summary>
    /// Loads <paramref name="model"/>: "builtin:..." (e.g. builtin:cube, builtin:spheres?triangles=100000)
    /// or a .gltf/.glb path. External files must lie under <paramref name="assetRoot"/> (default: the model's folder).
    /// </summary>
    /// <exception cref="ModelLoadException">The model is missing, malformed or refused; the message names the problem.</exception>
    public static async Task<ModelData> LoadModelAsync(string model, string? assetRoot, IProgress<(float Fraction, string Stage)>? progress, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        if (model.StartsWith("builtin:", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var request = BuiltinModelRequest.Parse(model);
                return await Task.Run(() => BuiltinModels.Create(request), ct).ConfigureAwait(false);
            }
            catch (ModelSourceException ex)
            {
                throw new ModelLoadException(ex.Message, ex);
            }
        }

        var options = new GltfLoadOptions { RootDirectory = assetRoot is null ? null : Path.GetFullPath(assetRoot) };
        var stages = progress is null ? null : new SyncProgress<(float, string)>(p => progress.Report(p));
        try
        {
            return await GltfLoader.LoadAsync(model, options, stages, ct).ConfigureAwait(false);
        }
        catch (GltfLoadException ex)
        {
            throw new ModelLoadException(ex.Message, ex); // the loader's message names the model file
        }
    }

    /// <summary>Renders <paramref name="model"/> from <paramref name="camera"/> (null: <see cref="AutoFraming"/>) at the given size.</summary>
    public static async Task<SingleFrame> RenderAsync(GpuContext gpu, ModelData model, int width, int height, CameraView? camera, CancellationToken ct)
    {
        var view = camera ?? AutoFraming.Frame(new ModelBounds(model.BoundsMin, model.BoundsMax), CameraLens.For(width, height));
        // A still image is for people to look at: full per-pixel shading even on lavapipe.
        using var renderer = gpu.CreateRenderer(width, height, framesInFlight: 1, primitiveBudget: 0, Rendering.Gpu.ShadingMode.PerPixel);
        var uploadStart = Stopwatch.GetTimestamp();
        var gpuModel = await renderer.UploadAsync(model, model.Name, ct).ConfigureAwait(false);
        var uploadTime = Stopwatch.GetElapsedTime(uploadStart);
        try
        {
            var loaded = new LoadedModel(model.Name, model, gpuModel);
            PlacedModel[] items = [new PlacedModel(loaded, Matrix4x4.Identity, 1)];
            var renderStart = Stopwatch.GetTimestamp();
            var slot = await renderer.RenderAsync(view.ToCameraState(), items, ct).ConfigureAwait(false);
            var renderTime = Stopwatch.GetElapsedTime(renderStart);
            var rgba = new byte[width * height * 4];
            try
            {
                var src = slot.Rgba.Span;
                for (var y = 0; y < height; y++)
                {
                    src.Slice(y * slot.RowPitch, width * 4).CopyTo(rgba.AsSpan(y * width * 4, width * 4));
                }
            }
            finally
            {
                renderer.ReleaseSlot(slot.Slot);
            }

            return new SingleFrame(rgba, width, height, gpu.Device.Info.Name, view, uploadTime, renderTime,
                TimeSpan.FromMicroseconds(slot.RenderUs), TimeSpan.FromMicroseconds(slot.ReadbackUs), slot.OverBudget);
        }
        finally
        {
            await renderer.IdleAsync().ConfigureAwait(false);
            gpuModel.Dispose();
        }
    }

    /// <summary>Reports on the caller's thread (System.Progress would post to the thread pool).</summary>
    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
