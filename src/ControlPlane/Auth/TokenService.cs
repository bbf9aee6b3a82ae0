using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ArrHost.ControlPlane.Domain;
using ArrHost.ControlPlane.Hosting;
using Microsoft.Extensions.Options;

namespace ArrHost.ControlPlane.Auth;

/// <summary>
/// Issues and checks access tokens: "arr1.{base64url(accountId|expiresUnixSeconds|nonce)}.{base64url(HMAC-SHA256)}",
/// signed with a key kept in the store (shared by replicas, surviving restarts). Also derives per-session
/// connection tokens, so those are never stored.
/// </summary>
internal sealed class TokenService(IOptions<ControlPlaneOptions> options, AccountDirectory accounts, TimeProvider clock)
{
    private const string Prefix = "arr1.";
    private byte[] _key = [];

    public void SetSigningKey(byte[] key) => _key = key;

    public (string Token, DateTimeOffset ExpiresAt) Issue(string accountId)
    {
        var expires = clock.GetUtcNow().AddHours(options.Value.TokenLifetimeHours);
        var nonce = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(9));
        var payload = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(
            $"{accountId}|{expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}|{nonce}"));
        var body = Prefix + payload;
        return (body + "." + Base64Url.EncodeToString(Sign(body)), DateTimeOffset.FromUnixTimeSeconds(expires.ToUnixTimeSeconds()));
    }

    /// <summary>The account a token is bound to; throws Unauthorized for forged, malformed or expired tokens.</summary>
    public string Validate(string? token)
    {
        if (string.IsNullOrEmpty(token) || !token.StartsWith(Prefix, StringComparison.Ordinal) || token.Length > 512)
            throw ArrException.Unauthorized("The access token is missing or malformed.");
        var dot = token.LastIndexOf('.');
        if (dot <= Prefix.Length) throw ArrException.Unauthorized("The access token is malformed.");
        var body = token[..dot];
        byte[] signature;
        byte[] payload;
        try
        {
            signature = Base64Url.DecodeFromChars(token.AsSpan(dot + 1));
            payload = Base64Url.DecodeFromChars(body.AsSpan(Prefix.Length));
        }
        catch (FormatException)
        {
            throw ArrException.Unauthorized("The access token is malformed.");
        }
        if (!CryptographicOperations.FixedTimeEquals(signature, Sign(body)))
            throw ArrException.Unauthorized("The access token's signature is not valid.");
        var parts = Encoding.UTF8.GetString(payload).Split('|');
        if (parts.Length != 3 || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var exp))
            throw ArrException.Unauthorized("The access token is malformed.");
        if (clock.GetUtcNow().ToUnixTimeSeconds() >= exp) throw ArrException.Unauthorized("The access token has expired.");
        if (!accounts.Exists(parts[0])) throw ArrException.Unauthorized("The access token's account does not exist.");
        return parts[0];
    }

    /// <summary>Parses "Bearer x" and validates x as an access token.</summary>
    public string ValidateBearer(string? authorization) => Validate(BearerValue(authorization));

    /// <summary>Checks "Bearer {accountId}:{accountKey}" for the account; returns the account id.</summary>
    public string ValidateAccountKey(string? authorization, string? expectedAccountId)
    {
        var value = BearerValue(authorization);
        var colon = value?.IndexOf(':') ?? -1;
        if (value is null || colon <= 0) throw ArrException.Unauthorized("Expected 'Authorization: Bearer {accountId}:{accountKey}'.");
        var id = value[..colon];
        if (!accounts.Verify(id, value[(colon + 1)..]) || (expectedAccountId is not null && !string.Equals(id, expectedAccountId, StringComparison.Ordinal)))
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

    private byte[] Sign(string text) => HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(text));
}
