namespace ArrHost.ControlPlane.Rest;

/// <summary>Wire strings of the ARR REST API in one place.</summary>
internal static class RestWire
{
    public const string ApiVersion2021 = "2021-01-01";
    public const string ApiVersion2021Preview = "2021-01-01-preview";
    public const string StsApiVersion = "2019-02-28-preview";

    /// <summary>The api-versions of the sessions and conversions API.</summary>
    public static readonly string[] ApiVersions = [ApiVersion2021, ApiVersion2021Preview];

    /// <summary>Seconds a client is told to wait before polling a Starting session or a running conversion again.</summary>
    public const int PollRetryAfterSeconds = 5;
    public const string CorrelationHeader = "MS-CV";
    public const string AccountItem = "arr.account";
    public const string AuthErrorItem = "arr.auth-error";
    public const string RateLimitPolicy = "per-account";
    public const string InvalidTokenChallenge = "Bearer error=\"invalid_token\"";
    public const string JsonContentType = "application/json; charset=utf-8";
}
