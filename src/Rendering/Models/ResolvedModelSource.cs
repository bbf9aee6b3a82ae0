namespace ArrHost.Rendering.Models;

/// <summary>A model URL after checks: a builtin generator, or a local file to load (possibly downloaded).</summary>
internal sealed record ResolvedModelSource(string Key, string? FilePath, BuiltinModelRequest? Builtin, string? TempFolder);
