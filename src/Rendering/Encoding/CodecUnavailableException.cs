namespace ArrHost.Rendering.Encoding;

/// <summary>A codec's native library is missing or unusable; names the Debian package to install.</summary>
internal sealed class CodecUnavailableException : Exception
{
    public CodecUnavailableException(string message, string debianPackage, Exception? inner = null)
        : base($"{message} Install the Debian package '{debianPackage}' (apt-get install {debianPackage}).", inner)
    {
        DebianPackage = debianPackage;
    }

    /// <summary>The package that provides the missing library.</summary>
    public string DebianPackage { get; }
}
