using System.Buffers.Binary;
using System.Text.Json;
using SharpGLTF.Schema2;
using SharpGLTF.Validation;

namespace ArrHost.ControlPlane.Conversions;

/// <summary>
/// "Converts" a glTF 2.0 model (.gltf with external or embedded buffers and images, or .glb) into the form render hosts
/// load: one self-contained .glb. Every file is read up front through an <see cref="IAssetSource"/> (paths stay inside
/// the input's blob prefix, bytes inside the budget); SharpGLTF then reads the model with strict validation, only
/// through a callback over those bytes, and writes the .glb.
/// </summary>
internal static class AssetConverter
{
    public static async Task ConvertAsync(IAssetSource source, string relativeInput, string blobPrefix, string outputFile, CancellationToken ct)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var main = await source.ReadAsync(relativeInput, ct);
        if (main.AsSpan().StartsWith("\uFEFF"u8)) main = main[3..]; // a UTF-8 byte order mark, which the reader refuses
        var directory = relativeInput.Contains('/') ? relativeInput[..(relativeInput.LastIndexOf('/') + 1)] : "";
        var mainName = relativeInput[directory.Length..];
        files[mainName] = main;
        foreach (var uri in ExternalUris(main, relativeInput))
        {
            var unescaped = Uri.UnescapeDataString(uri);
            var path = directory + unescaped;
            if (!PathRules.IsSafeRelative(path) || !path.StartsWith(blobPrefix, StringComparison.Ordinal))
                throw new ConversionFailure("InvalidInput", $"The model references '{uri}', which leaves the input's blob prefix '{blobPrefix}'.");
            if (files.ContainsKey(unescaped)) continue;
            var bytes = await source.ReadAsync(path, ct);
            files[unescaped] = bytes;
            files.TryAdd(uri, bytes);
        }

        ModelRoot model;
        try
        {
            var context = ReadContext.Create(name =>
                files.TryGetValue(name, out var b) || files.TryGetValue(Uri.UnescapeDataString(name), out b)
                    ? new ArraySegment<byte>(b)
                    : throw new ConversionFailure("InputNotFound", $"The model references '{name}', which was not read."));
            context.Validation = ValidationMode.Strict;
            model = context.ReadSchema2(mainName);
        }
        catch (ConversionFailure)
        {
            throw;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new ConversionFailure("InvalidInput", $"'{relativeInput}' is not a valid glTF 2.0 model: {e.Message}", e);
        }

        if (model.LogicalMeshes.Count == 0) throw new ConversionFailure("InvalidInput", $"'{relativeInput}' has no meshes: there is nothing to render.");
        if (model.DefaultScene is null && model.LogicalScenes.Count == 0) throw new ConversionFailure("InvalidInput", $"'{relativeInput}' has no scene.");

        Directory.CreateDirectory(Path.GetDirectoryName(outputFile)!);
        var temp = outputFile + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp";
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                var glb = model.WriteGLB();
                await stream.WriteAsync(glb, ct);
            }
            File.Move(temp, outputFile, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>The buffer and image URIs of a .gltf or .glb's JSON that are not data: URIs.</summary>
    private static List<string> ExternalUris(byte[] file, string name)
    {
        ReadOnlyMemory<byte> json = file;
        if (file.Length >= 20 && BinaryPrimitives.ReadUInt32LittleEndian(file) == 0x46546C67) // "glTF"
        {
            var length = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(12));
            if (length > file.Length - 20 || BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(16)) != 0x4E4F534A) // "JSON"
                throw new ConversionFailure("InvalidInput", $"'{name}' is not a valid .glb: its JSON chunk is damaged.");
            json = file.AsMemory(20, (int)length);
        }
        var list = new List<string>();
        try
        {
            using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 128 });
            foreach (var array in new[] { "buffers", "images" })
            {
                if (!doc.RootElement.TryGetProperty(array, out var items) || items.ValueKind != JsonValueKind.Array) continue;
                foreach (var item in items.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("uri", out var u) && u.ValueKind == JsonValueKind.String &&
                        u.GetString() is { Length: > 0 } uri && !uri.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
                    {
                        list.Add(uri);
                    }
                }
            }
        }
        catch (JsonException e)
        {
            throw new ConversionFailure("InvalidInput", $"'{name}' is not valid glTF JSON: {e.Message}", e);
        }
        return list;
    }
}
