using System.Text.Json;
using System.Text.Json.Serialization;

namespace ArrHost.Bench.Matrix;

/// <summary>Everything one `arr bench` invocation measured; serialised as the run's JSON file.</summary>
internal sealed class BenchRun
{
    public string StartedUtc { get; set; } = "";
    public string Command { get; set; } = "";
    public bool Quick { get; set; }
    public string Region { get; set; } = "";
    public MachineInfo Machine { get; set; } = new();
    public string Network { get; set; } = "none";
    public double Seconds { get; set; }
    public double WarmupSeconds { get; set; }
    public List<ScenarioResult> Scenarios { get; set; } = [];
    public SessionResult? Sessions { get; set; }
    public List<BrowserResult> Browser { get; set; } = [];
    public string BaselineSource { get; set; } = BaselineNumbers.Source;
    public List<string> Notes { get; set; } = [];

    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
