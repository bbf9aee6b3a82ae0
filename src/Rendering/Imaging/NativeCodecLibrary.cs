using System.Runtime.InteropServices;

namespace ArrHost.Rendering.Imaging;

/// <summary>Loads a versioned shared library once and resolves exports; failures name the Debian package to install.</summary>
internal sealed class NativeCodecLibrary
{
    private readonly nint _handle;
    private readonly string? _error;

    public NativeCodecLibrary(string soname, string debianPackage)
    {
        Soname = soname;
        DebianPackage = debianPackage;
        if (!NativeLibrary.TryLoad(soname, out _handle))
            _error = $"{soname} could not be loaded; install the Debian package {debianPackage} (apt-get install {debianPackage})";
    }

    public string Soname { get; }
    public string DebianPackage { get; }

    public nint Export(string name)
    {
        if (_error is not null) throw new ImageDecodeException(_error);
        if (!NativeLibrary.TryGetExport(_handle, name, out var fn))
            throw new ImageDecodeException($"{Soname} has no export {name}; the installed {DebianPackage} is not the expected version");
        return fn;
    }
}
