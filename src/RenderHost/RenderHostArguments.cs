using System.Globalization;
using ArrHost.Protos.V1;

namespace ArrHost.RenderHost;

/// <summary>Reads <see cref="RenderHostOptions"/> from --switches, falling back to ARR_* environment variables.</summary>
internal static class RenderHostArguments
{
    private static readonly string[] Switches =
    [
        "host-id", "size", "region", "control-plane", "agent-key", "listen-address", "port", "health-port",
        "advertised-endpoint", "asset-root", "allowed-urls", "device", "max-primitives", "shading", "ca-cert",
    ];

    public static RenderHostOptions Parse(string[] args, Func<string, string?> env)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in Switches)
        {
            var fromEnv = env("ARR_" + name.Replace('-', '_').ToUpperInvariant());
            if (fromEnv is not null) values[name] = fromEnv;
        }

        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"unexpected argument '{arg}'");
            var name = arg[2..];
            string value;
            var eq = name.IndexOf('=');
            if (eq >= 0)
            {
                value = name[(eq + 1)..];
                name = name[..eq];
            }
            else
            {
                if (i + 1 >= args.Length) throw new ArgumentException($"--{name} needs a value");
                value = args[++i];
            }

            if (Array.IndexOf(Switches, name) < 0) throw new ArgumentException($"unknown switch --{name}; known: --{string.Join(", --", Switches)}");
            values[name] = value;
        }

        var o = new RenderHostOptions();
        foreach (var (name, value) in values)
        {
            switch (name)
            {
                case "host-id": o.HostId = value; break;
                case "size":
                    o.Size = value.ToLowerInvariant() switch
                    {
                        "standard" => SessionSize.Standard,
                        "premium" => SessionSize.Premium,
                        _ => throw new ArgumentException($"--size must be standard or premium, not '{value}'"),
                    };
                    break;
                case "region": o.Region = value; break;
                case "control-plane": o.ControlPlane = value; break;
                case "agent-key": o.AgentKey = value; break;
                case "listen-address": o.ListenAddress = value; break;
                case "port": o.Port = Int(name, value, 0, 65535); break;
                case "health-port": o.HealthPort = Int(name, value, 0, 65535); break;
                case "advertised-endpoint": o.AdvertisedEndpoint = value; break;
                case "asset-root": o.AssetRoot = value; break;
                case "allowed-urls": o.AllowedUrls = value; break;
                case "device": o.Device = value; break;
                case "ca-cert": o.CaCertificate = value; break;
                case "shading":
                    o.Shading = value.ToLowerInvariant() switch
                    {
                        "auto" => Gpu.ShadingMode.Auto,
                        "per-pixel" or "perpixel" => Gpu.ShadingMode.PerPixel,
                        "per-vertex" or "pervertex" => Gpu.ShadingMode.PerVertex,
                        _ => throw new ArgumentException($"--shading must be auto, per-pixel or per-vertex, not '{value}'"),
                    };
                    break;
                case "max-primitives": o.MaxPrimitives = long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var m) ? m : throw new ArgumentException($"--max-primitives must be a non-negative integer, not '{value}'"); break;
            }
        }

        o.Validate();
        return o;
    }

    private static int Int(string name, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max
            ? v
            : throw new ArgumentException($"--{name} must be an integer in [{min}, {max}], not '{value}'");
}
