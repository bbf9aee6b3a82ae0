namespace ArrHost.Client.Decoding;

/// <summary>A decoder's native library is missing or unusable. The message names the Debian package to install.</summary>
public sealed class FrameDecoderUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is missing.</param>
    /// <param name="debianPackage">The Debian package that provides it.</param>
    /// <param name="inner">The loader's error, if any.</param>
    public FrameDecoderUnavailableException(string message, string debianPackage, Exception? inner = null)
        : base($"{message} Install the Debian package '{debianPackage}' (apt-get install {debianPackage}).", inner)
    {
        DebianPackage = debianPackage;
    }

    /// <summary>The Debian package that provides the missing library.</summary>
    public string DebianPackage { get; }
}
