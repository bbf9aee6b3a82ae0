namespace ArrHost.ControlPlane.Conversions;

/// <summary>Why a running conversion failed: a stable code and a message for the account's owner.</summary>
internal sealed class ConversionFailure(string code, string message, Exception? inner = null) : Exception(message, inner)
{
    public string Code { get; } = code;
}
