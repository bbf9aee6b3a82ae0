using ArrHost.Rendering.Gltf;
using ArrHost.Rendering.Scene;

namespace ArrHost.Rendering.Models;

/// <summary>Resolves a client's model URL and loads it into CPU model data (glTF or a builtin generator).</summary>
internal sealed class ModelLoader
{
    private readonly ModelSourceResolver _resolver;
    private readonly ModelSourceOptions _options;

    public ModelLoader(ModelSourceOptions options, IHttpClientFactory httpFactory)
    {
        _options = options;
        _resolver = new ModelSourceResolver(options, httpFactory.CreateClient("models"));
    }

    public Task<ResolvedModelSource> ResolveAsync(string url, IProgress<(float Fraction, string Stage)>? progress, CancellationToken ct) =>
        _resolver.ResolveAsync(url, progress, ct);

    public async Task<ModelData> LoadAsync(ResolvedModelSource source, IProgress<(float Fraction, string Stage)>? progress, CancellationToken ct)
    {
        if (source.Builtin is { } builtin)
        {
            progress?.Report((0.1f, "Generating"));
            return await Task.Run(() => BuiltinModels.Create(builtin), ct).ConfigureAwait(false);
        }

        var loadOptions = new GltfLoadOptions
        {
            // Downloaded models live in their own temp folder; local ones may reference files anywhere under the asset root.
            RootDirectory = source.TempFolder ?? Path.GetFullPath(_options.AssetRoot),
        };
        var stages = progress is null ? null : new Progress<(float fraction, string stage)>(p => progress.Report((0.3f + 0.6f * p.fraction, Stage(p.stage))));
        try
        {
            return await GltfLoader.LoadAsync(source.FilePath!, loadOptions, stages, ct).ConfigureAwait(false);
        }
        catch (GltfLoadException ex)
        {
            throw new ModelLoadException(ex.Message, ex); // the loader's message names the model file
        }
    }

    private static string Stage(string loaderStage) => loaderStage switch
    {
        "read" => "Reading",
        "images" or "decode" => "DecodingImages",
        _ => "Parsing",
    };
}
