using System.Text.Json;

namespace ArrHost.Rendering.Models;

/// <summary>
/// Turns a client's model URL into something loadable, refusing what the host must not touch:
/// other schemes, paths that leave the asset root (also through symlinks), URLs not allowed.
/// </summary>
internal sealed class ModelSourceResolver(ModelSourceOptions options, HttpClient http)
{
    private readonly string _root = Path.GetFullPath(options.AssetRoot);

    public async Task<ResolvedModelSource> ResolveAsync(string url, IProgress<(float Fraction, string Stage)>? progress, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(url)) throw new ModelSourceException("InvalidArgument", "model url is empty");
        if (url.Length > 4096) throw new ModelSourceException("InvalidArgument", "model url is longer than 4096 characters");

        if (url.StartsWith("builtin:", StringComparison.OrdinalIgnoreCase))
        {
            var builtin = BuiltinModelRequest.Parse(url);
            return new ResolvedModelSource(builtin.CanonicalKey, null, builtin, null);
        }

        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme.Length > 1)
        {
            if (uri.IsFile && string.IsNullOrEmpty(uri.Host))
            {
                // A converted model's outputAssetUri: a file:/// path, loadable only inside the asset root.
                var local = ResolveLocal(Path.GetRelativePath(_root, uri.LocalPath));
                return new ResolvedModelSource(local, local, null, null);
            }

            if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            {
                throw new ModelSourceException("PermissionDenied", $"scheme '{uri.Scheme}:' is not allowed; use builtin:, a path under the asset root (or its file:/// URI), or http(s)");
            }

            if (!IsAllowed(uri))
            {
                throw new ModelSourceException("PermissionDenied", $"URL {uri} is not under an allowed prefix of this host");
            }

            return await DownloadAsync(uri, progress, ct).ConfigureAwait(false);
        }

        var path = ResolveLocal(url);
        return new ResolvedModelSource(path, path, null, null);
    }

    /// <summary>Resolves a path under the asset root, following symlinks, or throws.</summary>
    public string ResolveLocal(string relative)
    {
        if (relative.Contains('\0')) throw new ModelSourceException("InvalidArgument", "model path contains a NUL character");
        if (Path.IsPathRooted(relative))
        {
            throw new ModelSourceException("PermissionDenied", $"'{relative}' is an absolute path; give a path relative to the asset root");
        }

        var full = Path.GetFullPath(Path.Combine(_root, relative));
        EnsureUnderRoot(full, relative);
        if (!File.Exists(full)) throw new ModelSourceException("NotFound", $"model '{relative}' does not exist under the asset root");

        // A symlink inside the root may point outside it.
        var target = new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true)?.FullName;
        if (target is not null) EnsureUnderRoot(Path.GetFullPath(target), relative);
        return full;
    }

    private void EnsureUnderRoot(string full, string asked)
    {
        var rootWithSep = _root.EndsWith(Path.DirectorySeparatorChar) ? _root : _root + Path.DirectorySeparatorChar;
        if (!full.StartsWith(rootWithSep, StringComparison.Ordinal))
        {
            throw new ModelSourceException("PermissionDenied", $"'{asked}' resolves outside the asset root");
        }
    }

    private bool IsAllowed(Uri uri)
    {
        var text = uri.AbsoluteUri;
        foreach (var prefix in options.AllowedUrlPrefixes)
        {
            if (prefix == "*" || text.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) return true;
        }

        return false;
    }

    private async Task<ResolvedModelSource> DownloadAsync(Uri uri, IProgress<(float, string)>? progress, CancellationToken ct)
    {
        var folder = Directory.CreateTempSubdirectory("arr-model-").FullName;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(options.DownloadTimeout);
            long budget = options.MaxDownloadBytes;
            var name = Path.GetFileName(uri.AbsolutePath);
            if (string.IsNullOrEmpty(name) || (!name.EndsWith(".glb", StringComparison.OrdinalIgnoreCase) && !name.EndsWith(".gltf", StringComparison.OrdinalIgnoreCase)))
            {
                throw new ModelSourceException("InvalidArgument", $"URL {uri} must name a .glb or .gltf file");
            }

            var main = Path.Combine(folder, name);
            budget -= await FetchAsync(uri, main, budget, progress, 0.5f, timeout.Token).ConfigureAwait(false);

            if (name.EndsWith(".gltf", StringComparison.OrdinalIgnoreCase))
            {
                var dependencies = ExternalUris(main);
                var i = 0;
                foreach (var relative in dependencies)
                {
                    // An absolute URL among a model's files would be fetched from wherever it points; the loader would
                    // refuse the scheme later, but only after the request. Refuse it before fetching anything.
                    var dependency = new Uri(uri, relative);
                    if (Uri.TryCreate(relative, UriKind.Absolute, out var absolute) && absolute.Scheme.Length > 1)
                    {
                        throw new ModelSourceException("PermissionDenied", $"model references '{relative}', an absolute URL; a model's files must be relative to it");
                    }

                    if (!IsAllowed(dependency))
                    {
                        throw new ModelSourceException("PermissionDenied", $"model references '{relative}' ({dependency}), which is not under an allowed prefix of this host");
                    }

                    var local = Path.GetFullPath(Path.Combine(folder, Uri.UnescapeDataString(relative)));
                    if (!local.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                    {
                        throw new ModelSourceException("PermissionDenied", $"model references '{relative}', which leaves the model's folder");
                    }

                    Directory.CreateDirectory(Path.GetDirectoryName(local)!);
                    budget -= await FetchAsync(dependency, local, budget, progress, 0.5f + 0.5f * ++i / dependencies.Count, timeout.Token).ConfigureAwait(false);
                }
            }

            return new ResolvedModelSource(uri.AbsoluteUri, main, null, folder);
        }
        catch (Exception ex)
        {
            TryDelete(folder);
            if (ex is ModelSourceException) throw;
            if (ex is OperationCanceledException && ct.IsCancellationRequested) throw;
            throw new ModelSourceException("Unavailable", $"downloading {uri} failed: {ex.Message}", ex);
        }
    }

    private async Task<long> FetchAsync(Uri uri, string path, long budget, IProgress<(float, string)>? progress, float doneFraction, CancellationToken ct)
    {
        using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new ModelSourceException("NotFound", $"GET {uri} answered {(int)response.StatusCode} {response.ReasonPhrase}");
        }

        if (response.Content.Headers.ContentLength is long declared && declared > budget)
        {
            throw new ModelSourceException("ResourceExhausted", $"{uri} is {declared} bytes; the host allows {options.MaxDownloadBytes} in all");
        }

        await using var source = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        await using var file = File.Create(path);
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
        {
            total += read;
            if (total > budget)
            {
                throw new ModelSourceException("ResourceExhausted", $"{uri} exceeds the host's download limit of {options.MaxDownloadBytes} bytes");
            }

            await file.WriteAsync(buffer.AsMemory(0, read), ct).ConfigureAwait(false);
        }

        progress?.Report((doneFraction * 0.3f, "Downloading"));
        return total;
    }

    private static List<string> ExternalUris(string gltfPath)
    {
        var list = new List<string>();
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(gltfPath));
            foreach (var arrayName in new[] { "buffers", "images" })
            {
                if (!doc.RootElement.TryGetProperty(arrayName, out var array) || array.ValueKind != JsonValueKind.Array) continue;
                foreach (var item in array.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("uri", out var u) && u.ValueKind == JsonValueKind.String)
                    {
                        var s = u.GetString()!;
                        if (!s.StartsWith("data:", StringComparison.OrdinalIgnoreCase) && !list.Contains(s)) list.Add(s);
                    }
                }
            }
        }
        catch (JsonException ex)
        {
            throw new ModelSourceException("ModelLoadFailed", $"the downloaded .gltf is not valid JSON: {ex.Message}");
        }

        if (list.Count > 1024) throw new ModelSourceException("ResourceExhausted", "the model references more than 1024 external files");
        return list;
    }

    public static void TryDelete(string? folder)
    {
        if (folder is null) return;
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
