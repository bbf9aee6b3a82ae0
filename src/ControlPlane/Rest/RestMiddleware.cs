using System.Security.Cryptography;
using ArrHost.ControlPlane.Auth;
using ArrHost.ControlPlane.Diagnostics;
using ArrHost.ControlPlane.Domain;

namespace ArrHost.ControlPlane.Rest;

/// <summary>
/// Outermost middleware of every request: the MS-CV correlation header, the caller's account from the
/// bearer token (for the per-account rate limiter and the handlers), and every failure as an ARR error body.
/// </summary>
internal sealed class RestMiddleware(RequestDelegate next, TokenService tokens, ILogger<RestMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext ctx)
    {
        var cv = ctx.Request.Headers[RestWire.CorrelationHeader].ToString();
        if (string.IsNullOrEmpty(cv) || cv.Length > 128) cv = Convert.ToBase64String(RandomNumberGenerator.GetBytes(12)) + ".0";
        ctx.Response.Headers[RestWire.CorrelationHeader] = cv;
        if (IsGrpc(ctx))
        {
            await next(ctx);
            return;
        }
        await IdentifyCallerAsync(ctx);
        try
        {
            await next(ctx);
        }
        catch (Exception ex) when (!ctx.Response.HasStarted)
        {
            if (ex is BadHttpRequestException bad)
            {
                await RestResponses.WriteErrorAsync(ctx, bad.StatusCode == StatusCodes.Status413PayloadTooLarge
                    ? new ArrException(ErrorKind.PayloadTooLarge, "PayloadTooLarge", "The request body is too large.")
                    : ArrException.BadRequest("The request could not be read."));
                return;
            }
            if (ex is OperationCanceledException && ctx.RequestAborted.IsCancellationRequested) return;
            if (ex is not ArrException) Log.RequestFailed(logger, ctx.Request.Method, ctx.Request.Path, ex);
            await RestResponses.WriteErrorAsync(ctx, ErrorMapping.Normalize(ex));
        }
    }

    public static bool IsGrpc(HttpContext ctx) =>
        ctx.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>Remembers the account of a valid access token; a bad token is remembered as the error to answer.</summary>
    private async Task IdentifyCallerAsync(HttpContext ctx)
    {
        var auth = ctx.Request.Headers.Authorization.ToString();
        var bearer = TokenService.BearerValue(auth);
        if (bearer is null || bearer.Contains(':')) return;
        try
        {
            ctx.Items[RestWire.AccountItem] = await tokens.ValidateAsync(bearer);
        }
        catch (ArrException e)
        {
            ctx.Items[RestWire.AuthErrorItem] = e;
        }
    }

    /// <summary>The authenticated account; throws 401 when there is none.</summary>
    public static string Account(HttpContext ctx)
    {
        if (ctx.Items.TryGetValue(RestWire.AccountItem, out var a) && a is string account) return account;
        if (ctx.Items.TryGetValue(RestWire.AuthErrorItem, out var e) && e is ArrException error) throw error;
        throw ArrException.Unauthorized("A valid access token is required: 'Authorization: Bearer <AccessToken>'.");
    }

    /// <summary>The authenticated account, which must be the one in the route (else 404: other accounts' ids never leak).</summary>
    public static string Account(HttpContext ctx, string routeAccount)
    {
        var account = Account(ctx);
        if (!string.Equals(account, routeAccount, StringComparison.OrdinalIgnoreCase))
            throw ArrException.NotFound($"Account '{routeAccount}' was not found.");
        return account;
    }
}
