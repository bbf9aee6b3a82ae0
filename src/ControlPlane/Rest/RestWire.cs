namespace ArrHost.ControlPlane.Rest;

/// <summary>Wire strings of the ARR REST API in one place.</summary>
internal static class RestWire
{
    public const string ApiVersion2021 = "2021-01-01";
    public const string CorrelationHeader = "MS-CV";
    public const string AccountItem = "arr.account";
    public const string AuthErrorItem = "arr.auth-error";
    public const string RateLimitPolicy = "per-account";
    public const string InvalidTokenChallenge = "Bearer error=\"invalid_token\"";
    public const string JsonContentType = "application/json; charset=utf-8";
}
