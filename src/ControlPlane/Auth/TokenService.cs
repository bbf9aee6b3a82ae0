using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using ArrHost.ControlPlane.Domain;
using ArrHost.ControlPlane.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ArrHost.ControlPlane.Auth;

/// <summary>
/// Issues and checks access tokens: JWTs (HS256) signed with a key kept in the store (shared by replicas, surviving
/// restarts), with <c>iss</c>, <c>aud</c>, <c>iat</c>/<c>nbf</c>/<c>exp</c> and the account id claim, made and validated by
/// Microsoft.IdentityModel.JsonWebTokens. Also derives per-session connection tokens, so those are never stored.
/// </summary>
internal sealed class TokenService(IOptions<ControlPlaneOptions> options, AccountDirectory accounts, TimeProvider clock)
{
    /// <summary>The claim naming the account a token was issued to.</summary>
    public const string AccountClaim = "accountId";

    /// <summary>The form of access token before JWTs; refused with its own message.</summary>
    private const string LegacyPrefix = "arr1.";
    private const int MaxTokenLength = 4096;

    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false, MapInboundClaims = false };
    private byte[] _key = [];
    private SymmetricSecurityKey? _signingKey;

    /// <summary>The <c>iss</c> of every token of this region.</summary>
    public string Issuer => TokenIssuer(options.Value.Region);

    /// <summary>The <c>aud</c> of every token of this region.</summary>
    public string Audience => TokenAudience(options.Value.Region);

    public static string TokenIssuer(string region) => $"arrhost-sts/{region}";

    public static string TokenAudience(string region) => $"arrhost/{region}";

    public void SetSigningKey(byte[] key)
    {
        if (key.Length < 32) throw new InvalidOperationException("The token signing key must be at least 256 bits.");
        _key = key;
        _signingKey = new SymmetricSecurityKey(key) { KeyId = Convert.ToHexString(SHA256.HashData(key).AsSpan(0, 8)).ToLowerInvariant() };
    }

    public (string Token, DateTimeOffset ExpiresAt) Issue(string accountId)
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(clock.GetUtcNow().ToUnixTimeSeconds());
        var expires = now.AddHours(options.Value.TokenLifetimeHours);
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            Claims = new Dictionary<string, object>
            {
                [AccountClaim] = accountId,
                [JwtRegisteredClaimNames.Sub] = accountId,
                [JwtRegisteredClaimNames.Jti] = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(12)),
            },
            SigningCredentials = new SigningCredentials(SigningKey, SecurityAlgorithms.HmacSha256),
        });
        return (token, expires);
    }

    /// <summary>The account a token is bound to; throws Unauthorized for forged, malformed, foreign, old-style or expired tokens.</summary>
    public async Task<string> ValidateAsync(string? token)
    {
        if (string.IsNullOrEmpty(token)) throw ArrException.Unauthorized("The access token is missing.");
        if (token.StartsWith(LegacyPrefix, StringComparison.Ordinal))
            throw ArrException.Unauthorized("This access token has the old 'arr1.' form, which is no longer accepted; get a new one from GET /accounts/{accountId}/token.");
        if (token.Length > MaxTokenLength || !_handler.CanReadToken(token))
            throw ArrException.Unauthorized("The access token is malformed: expected a JWT from GET /accounts/{accountId}/token.");
        var result = await _handler.ValidateTokenAsync(token, Parameters());
        if (!result.IsValid) throw ArrException.Unauthorized(Reason(result.Exception));
        var account = result.Claims.TryGetValue(AccountClaim, out var a) ? a as string : null;
        if (string.IsNullOrEmpty(account)) throw ArrException.Unauthorized($"The access token has no '{AccountClaim}' claim.");
        if (!accounts.Exists(account)) throw ArrException.Unauthorized("The access token's account does not exist.");
        return account;
    }

    /// <summary>Parses "Bearer x" and validates x as an access token.</summary>
    public Task<string> ValidateBearerAsync(string? authorization) => ValidateAsync(BearerValue(authorization));

    /// <summary>Checks "Bearer {accountId}:{accountKey}" for the account; returns the account id.</summary>
    public string ValidateAccountKey(string? authorization, string? expectedAccountId)
    {
        var value = BearerValue(authorization);
        var colon = value?.IndexOf(':') ?? -1;
        if (value is null || colon <= 0) throw ArrException.Unauthorized("Expected 'Authorization: Bearer {accountId}:{accountKey}'.");
        var id = value[..colon];
        if (!accounts.Verify(id, value[(colon + 1)..]) || (expectedAccountId is not null && !string.Equals(id, expectedAccountId, StringComparison.OrdinalIgnoreCase)))
            throw ArrException.Unauthorized("The account id or key is not valid.");
        return id;
    }

    /// <summary>The token a client presents to the render host of a session (derived, never stored).</summary>
    public string ConnectionToken(SessionRecord s) =>
        s.TokenNonce is null ? "" : "arrc1." + Base64Url.EncodeToString(Sign($"conn|{s.AccountId}|{s.Id}|{s.HostId}|{s.TokenNonce}"));

    public static string? BearerValue(string? authorization)
    {
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return null;
        var v = authorization[7..].Trim();
        return v.Length == 0 ? null : v;
    }

    private SymmetricSecurityKey SigningKey => _signingKey ?? throw new InvalidOperationException("The token signing key has not been loaded.");

    private TokenValidationParameters Parameters() => new()
    {
        ValidIssuer = Issuer,
        ValidAudience = Audience,
        IssuerSigningKey = SigningKey,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        ValidateLifetime = true,
        ClockSkew = TimeSpan.Zero,
        // The library's own check, on the region's clock (tests move it by hand).
        LifetimeValidator = (notBefore, expires, _, _) =>
        {
            var now = clock.GetUtcNow().UtcDateTime;
            return expires is { } exp && now < exp && (notBefore is not { } nbf || now >= nbf.AddMinutes(-5));
        },
    };

    private static string Reason(Exception? e) => e switch
    {
        SecurityTokenInvalidLifetimeException or SecurityTokenExpiredException or SecurityTokenNoExpirationException =>
            "The access token has expired; get a new one from GET /accounts/{accountId}/token.",
        SecurityTokenInvalidSignatureException or SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidAlgorithmException =>
            "The access token's signature is not valid.",
        SecurityTokenInvalidIssuerException or SecurityTokenInvalidAudienceException =>
            "The access token was not issued for this region.",
        SecurityTokenMalformedException or ArgumentException =>
            "The access token is malformed: expected a JWT from GET /accounts/{accountId}/token.",
        _ => "The access token is not valid.",
    };

    private byte[] Sign(string text) => HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(text));
}
