using System.Net;
using ArrHost.Protos.V1;
using Microsoft.Extensions.Options;

namespace ArrHost.RenderHost.Hosting;

/// <summary>Rejects settings the render host cannot run with, at start, naming the switch that sets each.</summary>
internal sealed class RenderHostOptionsValidator : IValidateOptions<RenderHostOptions>
{
    public ValidateOptionsResult Validate(string? name, RenderHostOptions o)
    {
        var errors = new List<string>();
        if (o.Size is not (SessionSize.Standard or SessionSize.Premium)) errors.Add($"--size must be standard or premium, not {o.Size}.");
        if (o.Port is < 0 or > 65535) errors.Add($"--port {o.Port} is out of range 0..65535.");
        if (o.HealthPort is < 0 or > 65535) errors.Add($"--health-port {o.HealthPort} is out of range 0..65535.");
        if (o.Port != 0 && o.Port == o.HealthPort) errors.Add("--port and --health-port must differ.");
        if (!IPAddress.TryParse(o.ListenAddress, out _)) errors.Add($"--listen-address '{o.ListenAddress}' is not an IP address.");
        if (o.ControlPlane.Length > 0 && !Uri.TryCreate(o.ControlPlane, UriKind.Absolute, out _))
            errors.Add($"--control-plane '{o.ControlPlane}' is not an absolute URL.");
        if (o.AdvertisedEndpoint.Length > 0 && !Uri.TryCreate(o.AdvertisedEndpoint, UriKind.Absolute, out _))
            errors.Add($"--advertised-endpoint '{o.AdvertisedEndpoint}' is not an absolute URL.");
        if (o.CaCertificate.Length > 0 && !File.Exists(o.CaCertificate)) errors.Add($"--ca-cert '{o.CaCertificate}' does not exist.");
        if (o.ShadingMode is null) errors.Add($"--shading must be auto, per-pixel or per-vertex, not '{o.Shading}'.");
        if (o.MaxPrimitives < 0) errors.Add($"--max-primitives must be >= 0, not {o.MaxPrimitives}.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
