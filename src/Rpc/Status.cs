namespace ArrHost.Rpc;

/// <summary>The outcome of a call: a status code and a human-readable detail.</summary>
public readonly record struct Status(StatusCode StatusCode, string Detail)
{
    /// <summary>The status of a call that succeeded.</summary>
    public static readonly Status DefaultSuccess = new(StatusCode.OK, "");

    public override string ToString() => $"Status(StatusCode=\"{StatusCode}\", Detail=\"{Detail}\")";
}
