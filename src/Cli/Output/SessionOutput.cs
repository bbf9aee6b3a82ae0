using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using ArrHost.Client;
using Spectre.Console;

namespace ArrHost.Cli.Output;

/// <summary>Formats sessions for people (Spectre tables) and for scripts (JSON shaped as the ARR REST session object).</summary>
internal static class SessionOutput
{
    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonSerializerOptions s_compact = new() { WriteIndented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The session as JSON: the ARR REST keys (every key always present) plus this project's extras.</summary>
    public static JsonObject ToJson(RenderingSessionProperties p) => new()
    {
        ["id"] = p.Id,
        ["status"] = p.Status.ToString(),
        ["size"] = p.Size.ToString(),
        ["creationTime"] = Iso(p.CreationTime),
        ["readyTime"] = p.ReadyTime is { } r ? Iso(r) : null,
        ["endTime"] = p.EndTime is { } e ? Iso(e) : null,
        ["maxLeaseTimeMinutes"] = p.MaxLeaseInMinutes,
        ["elapsedTimeMinutes"] = p.ElapsedTimeInMinutes,
        ["hostname"] = p.Hostname.Length == 0 ? null : p.Hostname,
        ["handshakePort"] = p.HandshakePort,
        ["arrInspectorPort"] = p.ArrInspectorPort,
        ["teraflops"] = p.Teraflops,
        ["renderEndpoint"] = p.RenderEndpoint.Length == 0 ? null : p.RenderEndpoint,
        ["region"] = p.Region,
        ["hostId"] = p.HostId.Length == 0 ? null : p.HostId,
        ["error"] = p.ErrorCode is null && p.ErrorMessage is null ? null : new JsonObject { ["code"] = p.ErrorCode, ["message"] = p.ErrorMessage },
        ["progress"] = p.StartupProgress is { } s ? ToJson(s) : null,
    };

    public static JsonObject ToJson(SessionStartupProgress s) => new()
    {
        ["stage"] = s.Stage,
        ["fraction"] = Math.Round(s.Fraction, 4),
        ["estimatedRemainingMs"] = s.EstimatedRemaining is { } t ? (long)t.TotalMilliseconds : 0,
    };

    public static JsonObject ToJson(RenderingSessionChange change) => new()
    {
        ["sequence"] = change.Sequence,
        ["reason"] = change.Reason,
        ["session"] = ToJson(change.Properties),
    };

    public static string Serialize(JsonNode node, bool indented = true) => node.ToJsonString(indented ? s_indented : s_compact);

    /// <summary>One session, as a two-column table of its fields.</summary>
    public static Table Details(RenderingSessionProperties p)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("Field").AddColumn("Value");
        void Row(string k, string v) => table.AddRow(Markup.Escape(k), Markup.Escape(v));
        Row("Id", p.Id);
        table.AddRow(new Markup("Status"), new Markup(StatusMarkup(p.Status)));
        Row("Size", p.Size.ToString());
        Row("Created", Iso(p.CreationTime));
        if (p.ReadyTime is { } ready) Row("Ready", Iso(ready));
        if (p.EndTime is { } end) Row("Ended", Iso(end));
        Row("Lease", $"{p.ElapsedTimeInMinutes} of {p.MaxLeaseInMinutes} min");
        if (p.RenderEndpoint.Length > 0) Row("Render endpoint", p.RenderEndpoint);
        if (p.Hostname.Length > 0) Row("Host", $"{p.Hostname}:{p.HandshakePort}");
        if (p.Teraflops > 0) Row("Teraflops", p.Teraflops.ToString("0.0", CultureInfo.InvariantCulture));
        if (p.Region.Length > 0) Row("Region", p.Region);
        if (p.StartupProgress is { } s) Row("Start-up", Describe(s));
        if (p.ErrorCode is not null || p.ErrorMessage is not null) Row("Error", $"{p.ErrorCode}: {p.ErrorMessage}");
        return table;
    }

    /// <summary>Sessions, one row each.</summary>
    public static Table List(IReadOnlyList<RenderingSessionProperties> sessions)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("Id").AddColumn("Status").AddColumn("Size").AddColumn("Lease (min)").AddColumn("Created").AddColumn("Endpoint");
        foreach (var p in sessions)
        {
            table.AddRow(
                new Markup(Markup.Escape(p.Id)),
                new Markup(StatusMarkup(p.Status)),
                new Markup(p.Size.ToString()),
                new Markup($"{p.ElapsedTimeInMinutes}/{p.MaxLeaseInMinutes}"),
                new Markup(Markup.Escape(Iso(p.CreationTime))),
                new Markup(Markup.Escape(p.RenderEndpoint.Length > 0 ? p.RenderEndpoint : "-")));
        }

        return table;
    }

    /// <summary>One watch change as a line: time, sequence, reason, status and progress or error.</summary>
    public static string Line(RenderingSessionChange change, DateTimeOffset now)
    {
        var p = change.Properties;
        var detail = p.StartupProgress is { } s ? " " + Describe(s)
            : p.ErrorCode is not null ? $" {p.ErrorCode}: {p.ErrorMessage}"
            : p.Status == RenderingSessionStatus.Ready ? $" {p.RenderEndpoint} lease {p.ElapsedTimeInMinutes}/{p.MaxLeaseInMinutes} min"
            : "";
        return $"{now.ToUniversalTime():HH:mm:ss.fff} #{change.Sequence} {change.Reason}: {p.Status}{detail}";
    }

    public static string Describe(SessionStartupProgress s)
    {
        var eta = s.EstimatedRemaining is { } t ? $", about {t.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s left" : "";
        return $"{s.Stage} {(s.Fraction * 100).ToString("0", CultureInfo.InvariantCulture)}%{eta}";
    }

    private static string StatusMarkup(RenderingSessionStatus status) => status switch
    {
        RenderingSessionStatus.Ready => "[green]Ready[/]",
        RenderingSessionStatus.Starting => "[yellow]Starting[/]",
        RenderingSessionStatus.Error => "[red]Error[/]",
        _ => status.ToString(),
    };

    private static string Iso(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
