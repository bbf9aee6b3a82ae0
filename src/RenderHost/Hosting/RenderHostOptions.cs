using ArrHost.Protos.V1;
using ArrHost.Rendering.Gpu;

namespace ArrHost.RenderHost.Hosting;

/// <summary>A render host's settings: the "RenderHost" configuration section, from command-line switches (--name value) or ARR_* environment variables (see <see cref="RenderHostApp.Switches"/>).</summary>
internal sealed class RenderHostOptions
{
    public const string Section = "RenderHost";

    /// <summary>Unique in the region; defaults to the machine name and port.</summary>
    public string HostId { get; set; } = "";
    public string Region { get; set; } = "local";
    public SessionSize Size { get; set; } = SessionSize.Standard;

    /// <summary>The control plane's gRPC endpoint; empty runs the host without a control plane (tests, benchmarks).</summary>
    public string ControlPlane { get; set; } = "";

    /// <summary>A CA (or self-signed) certificate file to trust when the control plane is https (--ca-cert, ARR_CA_CERT).</summary>
    public string CaCertificate { get; set; } = "";

    /// <summary>The key render hosts present on the HostAgent stream.</summary>
    public string AgentKey { get; set; } = "";

    /// <summary>The address Kestrel listens on for the Render service.</summary>
    public string ListenAddress { get; set; } = "127.0.0.1";
    /// <summary>The Render service's port; 0 lets the system pick one (the ready line tells which).</summary>
    public int Port { get; set; }

    /// <summary>HTTP/1.1 port for /alive and /health (the Render port speaks HTTP/2 only); 0 lets the system pick one.</summary>
    public int HealthPort { get; set; }

    /// <summary>The endpoint clients are told to use; defaults to http://ListenAddress:boundPort.</summary>
    public string AdvertisedEndpoint { get; set; } = "";

    public string AssetRoot { get; set; } = "";

    /// <summary>Comma-separated http(s) URL prefixes models may be loaded from ("*" for any).</summary>
    public string AllowedUrls { get; set; } = "";

    /// <summary>Vulkan device by index or name substring; empty picks discrete, integrated, then CPU.</summary>
    public string Device { get; set; } = "";

    /// <summary>auto (per vertex on CPU devices, per pixel on GPUs), per-pixel or per-vertex.</summary>
    public string Shading { get; set; } = "auto";

    /// <summary><see cref="Shading"/> as the renderer's mode; null when it names none.</summary>
    public ShadingMode? ShadingMode => Shading.ToLowerInvariant() switch
    {
        "auto" => Rendering.Gpu.ShadingMode.Auto,
        "per-pixel" or "perpixel" => Rendering.Gpu.ShadingMode.PerPixel,
        "per-vertex" or "pervertex" => Rendering.Gpu.ShadingMode.PerVertex,
        _ => null,
    };

    /// <summary>Primitive budget override; 0 uses the size's budget (Standard 20M, Premium none).</summary>
    public long MaxPrimitives { get; set; }

    /// <summary>This host's primitive budget; 0 means no fixed limit.</summary>
    public long PrimitiveBudget => BudgetFor(Size);

    /// <summary>The budget of a session of <paramref name="size"/>: the override when set, else Standard's 20M and Premium's none (0).</summary>
    public long BudgetFor(SessionSize size) =>
        MaxPrimitives > 0 ? MaxPrimitives : size == SessionSize.Standard ? RendererOptions.StandardPrimitiveBudget : 0;
}
