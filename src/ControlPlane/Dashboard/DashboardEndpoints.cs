using ArrHost.ControlPlane.Auth;
using ArrHost.ControlPlane.Rest;

namespace ArrHost.ControlPlane.Dashboard;

/// <summary>
/// The region dashboard on the REST port: <c>/dashboard</c> serves a page that holds no data, and the
/// page reads <c>/dashboard/state</c>, which answers only with the account key
/// (<c>Authorization: Bearer {accountId}:{accountKey}</c>, as the token endpoint takes it). Read-only.
/// </summary>
internal static class DashboardEndpoints
{
    public const string Path = "/dashboard";

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, ctx => ServeAsync(ctx, "index.html"));
        app.MapGet(Path + "/dashboard.js", ctx => ServeAsync(ctx, "dashboard.js"));
        app.MapGet(Path + "/dashboard.css", ctx => ServeAsync(ctx, "dashboard.css"));
        app.MapGet(Path + "/state", GetStateAsync).RequireRateLimiting(RestWire.RateLimitPolicy); // the account's REST budget, like every API call
        return app;
    }

    private static async Task GetStateAsync(HttpContext ctx)
    {
        var account = ctx.RequestServices.GetRequiredService<TokenService>().ValidateAccountKey(ctx.Request.Headers.Authorization, null);
        var state = ctx.RequestServices.GetRequiredService<DashboardState>();
        ctx.Response.Headers.CacheControl = "no-store";
        await state.WriteAsync(ctx, account, ctx.RequestAborted);
    }

    private static Task ServeAsync(HttpContext ctx, string file)
    {
        var (bytes, type) = DashboardAssets.Get(file);
        ctx.Response.ContentType = type;
        ctx.Response.Headers.CacheControl = "no-store";
        ctx.Response.Headers["X-Content-Type-Options"] = "nosniff";
        ctx.Response.Headers["Content-Security-Policy"] = "default-src 'self'; connect-src 'self'; img-src 'self' data:";
        return ctx.Response.Body.WriteAsync(bytes, 0, bytes.Length, ctx.RequestAborted);
    }
}
