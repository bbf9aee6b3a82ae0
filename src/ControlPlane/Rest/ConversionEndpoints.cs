using System.Globalization;
using System.Text.Json;
using ArrHost.ControlPlane.Conversions;
using ArrHost.ControlPlane.Domain;

namespace ArrHost.ControlPlane.Rest;

/// <summary>The 2021-01-01 asset conversions API: create (PUT), get, list.</summary>
internal static class ConversionEndpoints
{
    public static IEndpointRouteBuilder MapArrConversions(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("").RequireRateLimiting(RestWire.RateLimitPolicy);
        api.MapPut("/accounts/{accountId}/conversions/{conversionId}", CreateConversion);
        api.MapGet("/accounts/{accountId}/conversions/{conversionId}", GetConversion);
        api.MapGet("/accounts/{accountId}/conversions", ListConversions);
        return app;
    }

    private static async Task CreateConversion(HttpContext ctx, string accountId, string conversionId)
    {
        var account = RestEndpoints.Begin2021(ctx, accountId);
        using var doc = await RestEndpoints.ReadBodyAsync(ctx);
        var settings = ParseSettings(doc);
        var (c, created) = await Manager(ctx).CreateAsync(account, conversionId, settings, ctx.RequestAborted);
        if (!c.IsFinished) SetRetryAfter(ctx);
        await RestResponses.WriteJsonAsync(ctx, created ? 201 : 200, w => ConversionJson.Write(w, c));
    }

    private static async Task GetConversion(HttpContext ctx, string accountId, string conversionId)
    {
        var account = RestEndpoints.Begin2021(ctx, accountId);
        var c = await Manager(ctx).GetAsync(account, conversionId, ctx.RequestAborted);
        if (!c.IsFinished) SetRetryAfter(ctx);
        await RestResponses.WriteJsonAsync(ctx, 200, w => ConversionJson.Write(w, c));
    }

    private static async Task ListConversions(HttpContext ctx, string accountId)
    {
        var account = RestEndpoints.Begin2021(ctx, accountId);
        var pageSize = RestEndpoints.QueryInt(ctx, "maxPageSize", 100);
        var page = await Manager(ctx).ListAsync(account, pageSize, ctx.Request.Query["continuationToken"].ToString(), ctx.RequestAborted);
        string? next = page.NextCursor is null ? null :
            $"{ctx.Request.Scheme}://{ctx.Request.Host}/accounts/{Uri.EscapeDataString(accountId)}/conversions?api-version={RestEndpoints.ApiVersion(ctx)}" +
            $"&maxPageSize={pageSize.ToString(CultureInfo.InvariantCulture)}&continuationToken={Uri.EscapeDataString(page.NextCursor)}";
        await RestResponses.WriteJsonAsync(ctx, 200, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("conversions");
            foreach (var c in page.Conversions) ConversionJson.Write(w, c);
            w.WriteEndArray();
            if (next is null) w.WriteNull("@nextLink"); else w.WriteString("@nextLink", next);
            w.WriteEndObject();
        });
    }

    /// <summary>{"settings": {"inputLocation": {...}, "outputLocation": {...}}} as the SDK sends it (optional fields absent or null).</summary>
    internal static ConversionSettings ParseSettings(JsonDocument doc)
    {
        var root = TolerantJson.Fields(doc, "settings");
        if (!root.TryGetValue("settings", out var settingsElement)) throw ArrException.BadRequest("Field 'settings' is required.");
        var settings = TolerantJson.Fields(settingsElement, "settings", "inputLocation", "outputLocation");
        if (!settings.TryGetValue("inputLocation", out var inputElement)) throw ArrException.BadRequest("Field 'settings.inputLocation' is required.");
        if (!settings.TryGetValue("outputLocation", out var outputElement)) throw ArrException.BadRequest("Field 'settings.outputLocation' is required.");
        var input = TolerantJson.Fields(inputElement, "settings.inputLocation", "storageContainerUri", "storageContainerReadListSas", "blobPrefix", "relativeInputAssetPath");
        var output = TolerantJson.Fields(outputElement, "settings.outputLocation", "storageContainerUri", "storageContainerWriteSas", "blobPrefix", "outputAssetFilename");
        return new ConversionSettings(
            Required(input, "storageContainerUri", "settings.inputLocation"),
            TolerantJson.OptionalString(input, "storageContainerReadListSas"),
            TolerantJson.OptionalString(input, "blobPrefix") ?? "",
            Required(input, "relativeInputAssetPath", "settings.inputLocation"),
            Required(output, "storageContainerUri", "settings.outputLocation"),
            TolerantJson.OptionalString(output, "storageContainerWriteSas"),
            TolerantJson.OptionalString(output, "blobPrefix") ?? "",
            TolerantJson.OptionalString(output, "outputAssetFilename"));
    }

    private static string Required(Dictionary<string, JsonElement> fields, string name, string path)
    {
        var v = TolerantJson.OptionalString(fields, name);
        if (string.IsNullOrWhiteSpace(v)) throw ArrException.BadRequest($"Field '{path}.{name}' is required.");
        return v;
    }

    private static void SetRetryAfter(HttpContext ctx) =>
        ctx.Response.Headers.RetryAfter = RestWire.PollRetryAfterSeconds.ToString(CultureInfo.InvariantCulture);

    private static ConversionManager Manager(HttpContext ctx) => ctx.RequestServices.GetRequiredService<ConversionManager>();
}
