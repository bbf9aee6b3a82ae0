using System.Globalization;
using System.Text.Json;
using ArrHost.ControlPlane.Domain;
using ArrHost.ControlPlane.Sessions;
using ArrHost.Protos.V1;

namespace ArrHost.ControlPlane.Rest;

/// <summary>Writes the JSON shapes of the ARR REST API; every key is always present.</summary>
internal static class RestResponses
{
    private static readonly JsonWriterOptions s_writerOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task WriteJsonAsync(HttpContext ctx, int status, Action<Utf8JsonWriter> write)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = RestWire.JsonContentType;
        await using (var w = new Utf8JsonWriter(ctx.Response.BodyWriter, s_writerOptions))
        {
            write(w);
        }
        await ctx.Response.BodyWriter.FlushAsync(ctx.RequestAborted);
    }

    public static Task WriteErrorAsync(HttpContext ctx, ArrException error)
    {
        var status = ErrorMapping.ToHttpStatus(error.Kind);
        if (error.Kind == ErrorKind.Unauthorized) ctx.Response.Headers.WWWAuthenticate = RestWire.InvalidTokenChallenge;
        if (error.RetryAfter is { } retry)
            ctx.Response.Headers.RetryAfter = ((int)Math.Ceiling(Math.Max(1, retry.TotalSeconds))).ToString(CultureInfo.InvariantCulture);
        return WriteJsonAsync(ctx, status, w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("error");
            w.WriteString("code", error.Code);
            w.WriteString("message", error.Message);
            w.WriteNull("details");
            w.WriteNull("target");
            w.WriteNull("innerError");
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    /// <summary>The 2021-01-01 session object.</summary>
    public static void WriteSession(Utf8JsonWriter w, SessionRecord s, SessionProjection p, DateTimeOffset now)
    {
        var (host, port) = p.Endpoint(s);
        w.WriteStartObject();
        w.WriteString("id", s.Id);
        w.WriteString("creationTime", Iso(s.CreationTime));
        w.WriteNumber("arrInspectorPort", port);
        w.WriteNumber("handshakePort", port);
        w.WriteNumber("elapsedTimeMinutes", p.ElapsedMinutes(s, now));
        if (host is null) w.WriteNull("hostname"); else w.WriteString("hostname", host);
        w.WriteNumber("maxLeaseTimeMinutes", s.MaxLeaseMinutes);
        w.WriteString("size", SessionRules.SizeName(s.Size));
        w.WriteString("status", SessionRules.StatusName(s.Status));
        w.WriteNumber("teraflops", s.ReadyTime is null ? 0.0 : SessionRules.Teraflops(s.Size));
        if (s.ErrorCode is null) w.WriteNull("error");
        else
        {
            w.WriteStartObject("error");
            w.WriteString("code", s.ErrorCode);
            w.WriteString("message", s.ErrorMessage);
            w.WriteEndObject();
        }
        // ArrHost additions (clients of the real service ignore unknown keys).
        if (s.ReadyTime is null || s.RenderEndpoint is null) w.WriteNull("renderEndpoint"); else w.WriteString("renderEndpoint", s.RenderEndpoint);
        var token = p.ConnectionToken(s);
        if (token.Length == 0) w.WriteNull("connectionToken"); else w.WriteString("connectionToken", token);
        if (p.Progress(s, now) is { } progress)
        {
            w.WriteStartObject("startupProgress");
            w.WriteString("stage", progress.Stage);
            w.WriteNumber("fraction", progress.Fraction);
            w.WriteNumber("estimatedRemainingMs", progress.EstimatedRemainingMs);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("startupProgress");
        }
        w.WriteEndObject();
    }

    /// <summary>The v1 session properties object (time spans as h:mm:ss).</summary>
    public static void WriteV1Properties(Utf8JsonWriter w, SessionRecord s, SessionProjection p, DateTimeOffset now)
    {
        var (host, _) = p.Endpoint(s);
        w.WriteStartObject();
        if (s.ErrorMessage is null) w.WriteNull("message"); else w.WriteString("message", s.ErrorMessage);
        w.WriteString("sessionElapsedTime", Span(SessionRules.Elapsed(s, now)));
        if (host is null) w.WriteNull("sessionHostname"); else w.WriteString("sessionHostname", host);
        w.WriteString("sessionId", s.Id);
        w.WriteString("sessionMaxLeaseTime", Span(TimeSpan.FromMinutes(s.MaxLeaseMinutes)));
        w.WriteString("sessionSize", SessionRules.SizeName(s.Size));
        w.WriteString("sessionStatus", SessionRules.StatusName(s.Status));
        w.WriteEndObject();
    }

    public static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>"h:mm:ss", hours unbounded (e.g. "04:00:00", "26:00:01").</summary>
    public static string Span(TimeSpan t)
    {
        var total = (long)Math.Floor(t.TotalSeconds);
        return string.Create(CultureInfo.InvariantCulture, $"{total / 3600:00}:{total / 60 % 60:00}:{total % 60:00}");
    }

    public static string SizeName(SessionSize size) => SessionRules.SizeName(size);
}
