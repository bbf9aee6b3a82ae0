using ArrHost.Rpc.Server;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace ArrHost.RenderHost.Hosting;

/// <summary>The two listeners as Kestrel bound them: port 0 becomes the port the system chose, read after start.</summary>
internal sealed class RenderHostEndpoints
{
    public ListenOptions? Render { get; set; }
    public ListenOptions? Health { get; set; }

    public Uri RenderAddress => Render.BoundAddress();
    public Uri HealthAddress => Health.BoundAddress();
}
