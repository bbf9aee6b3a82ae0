using System.Globalization;
using System.Text.Json;
using ArrHost.ControlPlane.Auth;
using ArrHost.ControlPlane.Domain;
using ArrHost.ControlPlane.Hosting;
using ArrHost.ControlPlane.Hosts;
using ArrHost.ControlPlane.Sessions;
using ArrHost.Protos.V1;
using Microsoft.Extensions.Options;

namespace ArrHost.ControlPlane.Rest;

/// <summary>The ARR REST API: 2021-01-01 sessions, the older v1 sessions, the token service, usage and hosts.</summary>
internal static class RestEndpoints
{
    public static IEndpointRouteBuilder MapArrRest(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("").RequireRateLimiting(RestWire.RateLimitPolicy);

        api.MapGet("/accounts/{accountId}/token", GetToken);

        // api-version 2021-01-01
        api.MapPut("/accounts/{accountId}/sessions/{sessionId}", CreateSession);
        api.MapGet("/accounts/{accountId}/sessions/{sessionId}", GetSession);
        api.MapPatch("/accounts/{accountId}/sessions/{sessionId}", UpdateSession);
        api.MapPost("/accounts/{accountId}/sessions/{sessionId}/{verb}", SessionAction); // "/:stop"
        api.MapGet("/accounts/{accountId}/sessions", ListSessions);
        api.MapGet("/accounts/{accountId}/usage", GetUsage);
        api.MapGet("/hosts", ListHosts);

        // v1
        api.MapPost("/v1/accounts/{accountId}/sessions/create", V1Create);
        api.MapGet("/v1/accounts/{accountId}/sessions/{sessionId}/properties", V1Properties);
        api.MapPatch("/v1/accounts/{accountId}/sessions/{sessionId}", V1Update);
        api.MapDelete("/v1/accounts/{accountId}/sessions/{sessionId}", V1Stop);
        api.MapGet("/v1/accounts/{accountId}/sessions", V1List);
        return app;
    }

    private static async Task GetToken(HttpContext ctx, string accountId)
    {
        var tokens = ctx.RequestServices.GetRequiredService<TokenService>();
        var version = ctx.Request.Query["api-version"];
        if (version.Count > 1 || (version.Count == 1 && version[0] != RestWire.StsApiVersion))
            throw ArrException.BadRequest($"api-version '{version}' is not supported by the token service; supported: {RestWire.StsApiVersion}.");
        var account = tokens.ValidateAccountKey(ctx.Request.Headers.Authorization, accountId);
        var (token, _) = tokens.Issue(account);
        await RestResponses.WriteJsonAsync(ctx, 200, w =>
        {
            w.WriteStartObject();
            w.WriteString("AccessToken", token);
            w.WriteEndObject();
        });
    }

    private static async Task CreateSession(HttpContext ctx, string accountId, string sessionId)
    {
        var account = Begin2021(ctx, accountId);
        SessionRules.ValidateId(sessionId);
        using var doc = await ReadBodyAsync(ctx);
        var f = TolerantJson.Fields(doc, "maxLeaseTimeMinutes", "size");
        var lease = TolerantJson.RequiredInteger(f, "maxLeaseTimeMinutes");
        var size = SessionRules.ParseSize(TolerantJson.RequiredString(f, "size"));
        SessionRules.ValidateCreateLease(lease);
        var (s, created) = await Manager(ctx).CreateAsync(account, sessionId, size, lease, ctx.RequestAborted);
        await WriteSessionAsync(ctx, created ? 201 : 200, s);
    }

    private static async Task GetSession(HttpContext ctx, string accountId, string sessionId)
    {
        var account = Begin2021(ctx, accountId);
        var s = await Manager(ctx).GetAsync(account, sessionId, ctx.RequestAborted);
        if (s.Status == SessionStatus.Starting) ctx.Response.Headers.RetryAfter = RestWire.PollRetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        await WriteSessionAsync(ctx, 200, s);
    }

    private static async Task UpdateSession(HttpContext ctx, string accountId, string sessionId)
    {
        var account = Begin2021(ctx, accountId);
        SessionRules.ValidateId(sessionId);
        using var doc = await ReadBodyAsync(ctx);
        var f = TolerantJson.Fields(doc, "maxLeaseTimeMinutes");
        var lease = TolerantJson.RequiredInteger(f, "maxLeaseTimeMinutes");
        var s = await Manager(ctx).ExtendAsync(account, sessionId, lease, ctx.RequestAborted);
        await WriteSessionAsync(ctx, 200, s);
    }

    private static async Task SessionAction(HttpContext ctx, string accountId, string sessionId, string verb)
    {
        if (verb != ":stop") throw ArrException.NotFound($"No action '{verb}'; the only session action is ':stop'.");
        var account = Begin2021(ctx, accountId);
        await Manager(ctx).StopAsync(account, sessionId, ctx.RequestAborted);
        ctx.Response.StatusCode = 204;
    }

    private static async Task ListSessions(HttpContext ctx, string accountId)
    {
        var account = Begin2021(ctx, accountId);
        var pageSize = QueryInt(ctx, "maxPageSize", 100);
        var token = ctx.Request.Query["continuationToken"].ToString();
        var page = await Manager(ctx).ListAsync(account, includeEnded: false, pageSize, token, ctx.RequestAborted);
        var projection = Projection(ctx);
        var now = Manager(ctx).Now;
        string? next = page.NextCursor is null ? null :
            $"{ctx.Request.Scheme}://{ctx.Request.Host}/accounts/{Uri.EscapeDataString(accountId)}/sessions?api-version={ApiVersion(ctx)}" +
            $"&maxPageSize={pageSize.ToString(CultureInfo.InvariantCulture)}&continuationToken={Uri.EscapeDataString(page.NextCursor)}";
        await RestResponses.WriteJsonAsync(ctx, 200, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("sessions");
            foreach (var s in page.Sessions) RestResponses.WriteSession(w, s, projection, now);
            w.WriteEndArray();
            if (next is null) w.WriteNull("@nextLink"); else w.WriteString("@nextLink", next);
            w.WriteEndObject();
        });
    }

    private static async Task GetUsage(HttpContext ctx, string accountId)
    {
        var account = Begin2021(ctx, accountId);
        var (rows, from, to) = await Manager(ctx).GetUsageAsync(account, QueryTime(ctx, "from"), QueryTime(ctx, "to"), ctx.RequestAborted);
        await RestResponses.WriteJsonAsync(ctx, 200, w =>
        {
            w.WriteStartObject();
            w.WriteString("from", RestResponses.Iso(from));
            w.WriteString("to", RestResponses.Iso(to));
            w.WriteStartArray("records");
            foreach (var r in rows)
            {
                w.WriteStartObject();
                w.WriteString("sessionId", r.SessionId);
                w.WriteString("size", RestResponses.SizeName(r.Size));
                w.WriteString("start", RestResponses.Iso(r.Start));
                w.WriteString("end", RestResponses.Iso(r.End));
                w.WriteNumber("billedSeconds", Math.Round((r.End - r.Start).TotalSeconds, 3));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteNumber("standardMinutes", Math.Round(rows.Where(r => r.Size == SessionSize.Standard).Sum(r => (r.End - r.Start).TotalMinutes), 4));
            w.WriteNumber("premiumMinutes", Math.Round(rows.Where(r => r.Size == SessionSize.Premium).Sum(r => (r.End - r.Start).TotalMinutes), 4));
            w.WriteEndObject();
        });
    }

    private static async Task ListHosts(HttpContext ctx)
    {
        RestMiddleware.Account(ctx);
        var hosts = await ctx.RequestServices.GetRequiredService<HostRegistry>().ListAsync(ctx.RequestAborted);
        await RestResponses.WriteJsonAsync(ctx, 200, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("hosts");
            foreach (var h in hosts)
            {
                w.WriteStartObject();
                w.WriteString("hostId", h.HostId);
                w.WriteString("region", h.Region);
                w.WriteString("size", RestResponses.SizeName(h.Size));
                w.WriteString("renderEndpoint", h.RenderEndpoint);
                w.WriteString("state", h.State.ToString());
                if (h.SessionId is null) w.WriteNull("sessionId"); else w.WriteString("sessionId", h.SessionId);
                w.WriteString("deviceName", h.Capabilities.DeviceName);
                w.WriteString("lastHeartbeat", RestResponses.Iso(h.LastHeartbeat));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static async Task V1Create(HttpContext ctx, string accountId)
    {
        var account = RestMiddleware.Account(ctx, accountId);
        using var doc = await ReadBodyAsync(ctx);
        var f = TolerantJson.Fields(doc, "maxLeaseTime", "models", "size");
        var lease = TolerantJson.ParseLeaseTime(TolerantJson.RequiredString(f, "maxLeaseTime"), "maxLeaseTime");
        var size = SessionRules.ParseSize(TolerantJson.RequiredString(f, "size"));
        if (f.TryGetValue("models", out var models) && models.ValueKind != JsonValueKind.Array)
            throw ArrException.BadRequest("Field 'models' must be an array (models are loaded after connecting).");
        SessionRules.ValidateCreateLease(lease);
        var (s, _) = await Manager(ctx).CreateAsync(account, null, size, lease, ctx.RequestAborted);
        await RestResponses.WriteJsonAsync(ctx, 202, w =>
        {
            w.WriteStartObject();
            w.WriteString("sessionId", s.Id);
            w.WriteEndObject();
        });
    }

    private static async Task V1Properties(HttpContext ctx, string accountId, string sessionId)
    {
        var account = RestMiddleware.Account(ctx, accountId);
        var s = await Manager(ctx).GetAsync(account, sessionId, ctx.RequestAborted);
        await WriteV1Async(ctx, 200, s);
    }

    private static async Task V1Update(HttpContext ctx, string accountId, string sessionId)
    {
        var account = RestMiddleware.Account(ctx, accountId);
        SessionRules.ValidateId(sessionId);
        using var doc = await ReadBodyAsync(ctx);
        var f = TolerantJson.Fields(doc, "maxLeaseTime");
        var lease = TolerantJson.ParseLeaseTime(TolerantJson.RequiredString(f, "maxLeaseTime"), "maxLeaseTime");
        var s = await Manager(ctx).ExtendAsync(account, sessionId, lease, ctx.RequestAborted);
        await WriteV1Async(ctx, 200, s);
    }

    private static async Task V1Stop(HttpContext ctx, string accountId, string sessionId)
    {
        var account = RestMiddleware.Account(ctx, accountId);
        await Manager(ctx).StopAsync(account, sessionId, ctx.RequestAborted);
        ctx.Response.StatusCode = 204;
    }

    private static async Task V1List(HttpContext ctx, string accountId)
    {
        var account = RestMiddleware.Account(ctx, accountId);
        var page = await Manager(ctx).ListAsync(account, includeEnded: false, 1000, null, ctx.RequestAborted);
        var projection = Projection(ctx);
        var now = Manager(ctx).Now;
        await RestResponses.WriteJsonAsync(ctx, 200, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("sessions");
            foreach (var s in page.Sessions) RestResponses.WriteV1Properties(w, s, projection, now);
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    /// <summary>Authenticates and checks api-version (2021-01-01 or 2021-01-01-preview).</summary>
    internal static string Begin2021(HttpContext ctx, string routeAccount)
    {
        var account = RestMiddleware.Account(ctx, routeAccount);
        ApiVersion(ctx);
        return account;
    }

    /// <summary>The request's api-version, one of <see cref="RestWire.ApiVersions"/>.</summary>
    internal static string ApiVersion(HttpContext ctx)
    {
        var version = ctx.Request.Query["api-version"];
        var supported = string.Join(", ", RestWire.ApiVersions);
        if (version.Count == 0 || string.IsNullOrEmpty(version[0]))
            throw ArrException.BadRequest($"The 'api-version' query parameter is required; supported: {supported}.");
        if (version.Count > 1 || !RestWire.ApiVersions.Contains(version[0]))
            throw ArrException.BadRequest($"api-version '{version}' is not supported; supported: {supported}.");
        return version[0]!;
    }

    internal static async Task<JsonDocument> ReadBodyAsync(HttpContext ctx)
    {
        var max = ctx.RequestServices.GetRequiredService<IOptions<ControlPlaneOptions>>().Value.MaxRequestBodyBytes;
        if (ctx.Request.ContentLength > max) throw TooLarge(max);
        var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int n;
        while ((n = await ctx.Request.Body.ReadAsync(chunk, ctx.RequestAborted)) > 0)
        {
            if (buffer.Length + n > max) throw TooLarge(max);
            buffer.Write(chunk, 0, n);
        }
        return TolerantJson.Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    private static ArrException TooLarge(int max) =>
        new(ErrorKind.PayloadTooLarge, "PayloadTooLarge", $"The request body is larger than {max} bytes.");

    internal static int QueryInt(HttpContext ctx, string name, int fallback)
    {
        var v = ctx.Request.Query[name].ToString();
        if (v.Length == 0) return fallback;
        if (!int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1 || n > 1000)
            throw ArrException.BadRequest($"'{name}' must be an integer 1..1000.");
        return n;
    }

    private static DateTimeOffset? QueryTime(HttpContext ctx, string name)
    {
        var v = ctx.Request.Query[name].ToString();
        if (v.Length == 0) return null;
        if (!DateTimeOffset.TryParse(v, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t))
            throw ArrException.BadRequest($"'{name}' must be an ISO 8601 time.");
        return t;
    }

    private static Task WriteSessionAsync(HttpContext ctx, int status, SessionRecord s)
    {
        var projection = Projection(ctx);
        var now = Manager(ctx).Now;
        return RestResponses.WriteJsonAsync(ctx, status, w => RestResponses.WriteSession(w, s, projection, now));
    }

    private static Task WriteV1Async(HttpContext ctx, int status, SessionRecord s)
    {
        var projection = Projection(ctx);
        var now = Manager(ctx).Now;
        return RestResponses.WriteJsonAsync(ctx, status, w => RestResponses.WriteV1Properties(w, s, projection, now));
    }

    private static SessionManager Manager(HttpContext ctx) => ctx.RequestServices.GetRequiredService<SessionManager>();

    private static SessionProjection Projection(HttpContext ctx) => ctx.RequestServices.GetRequiredService<SessionProjection>();
}
