using System.CommandLine;
using ArrHost.Client;

namespace ArrHost.Tooling.CommandLine;

/// <summary>
/// The options every <c>arr session</c> command shares, and how their defaults are found: the
/// option, else the environment (ARR_ENDPOINT, ARR_ACCOUNT_ID, ARR_ACCOUNT_KEY), else
/// <c>out/region.json</c> as written by <c>arr region</c>.
/// </summary>
public sealed class CommonOptions
{
    public const string EndpointVariable = "ARR_ENDPOINT";
    public const string AccountIdVariable = "ARR_ACCOUNT_ID";
    public const string AccountKeyVariable = "ARR_ACCOUNT_KEY";
    public const string CaCertificateVariable = "ARR_CA_CERT";

    public Option<string?> Endpoint { get; } = new("--endpoint")
    {
        Description = $"The control plane's gRPC endpoint, e.g. http://127.0.0.1:50050. Default: ${EndpointVariable}, else \"endpoint\" in {RegionFile.RelativePath}.",
    };

    public Option<string?> AccountId { get; } = new("--account-id")
    {
        Description = $"The account id. Default: ${AccountIdVariable}, else \"accountId\" in {RegionFile.RelativePath}.",
    };

    public Option<string?> AccountKey { get; } = new("--account-key")
    {
        Description = $"The account key. Default: ${AccountKeyVariable}, else \"accountKey\" in {RegionFile.RelativePath}.",
    };

    public Option<string?> CaCertificate { get; } = new("--ca-cert")
    {
        Description = $"A CA or self-signed certificate (PEM or DER) to trust for an https endpoint. Default: ${CaCertificateVariable}, else \"caCertificate\" in {RegionFile.RelativePath} (written by `arr region --https`).",
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Write machine-readable JSON to stdout instead of tables.",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Endpoint);
        command.Options.Add(AccountId);
        command.Options.Add(AccountKey);
        command.Options.Add(CaCertificate);
        command.Options.Add(Json);
    }

    /// <summary>Resolves the client options from the command line, the environment and the region file.</summary>
    /// <exception cref="UsageException">A value is missing everywhere, or the endpoint is not a URI.</exception>
    public RemoteRenderingClientOptions Resolve(ParseResult result, CliContext context)
    {
        RegionFile? region = null;
        var regionLoaded = false;
        RegionFile? Region()
        {
            if (!regionLoaded)
            {
                regionLoaded = true;
                var path = RegionFile.Locate(context.CurrentDirectory, context.GetEnvironment);
                region = path is null ? null : RegionFile.TryLoad(path);
            }

            return region;
        }

        string Pick(Option<string?> option, string variable, Func<RegionFile, string?> fromFile, string what)
        {
            var value = result.GetValue(option);
            if (string.IsNullOrEmpty(value)) value = context.GetEnvironment(variable);
            if (string.IsNullOrEmpty(value)) value = Region() is { } r ? fromFile(r) : null;
            if (string.IsNullOrEmpty(value))
            {
                throw new UsageException(
                    $"no {what}: pass {option.Name}, set ${variable}, or start a local region with `arr region` (it writes {RegionFile.RelativePath}).");
            }

            return value;
        }

        var endpoint = Pick(Endpoint, EndpointVariable, r => r.Endpoint, "endpoint");
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new UsageException($"the endpoint '{endpoint}' is not an http(s) URI, e.g. http://127.0.0.1:50050.");
        }

        var ca = result.GetValue(CaCertificate);
        if (string.IsNullOrEmpty(ca)) ca = context.GetEnvironment(CaCertificateVariable);
        if (string.IsNullOrEmpty(ca) && uri.Scheme == Uri.UriSchemeHttps) ca = Region()?.CaCertificate;
        if (!string.IsNullOrEmpty(ca) && !File.Exists(ca)) throw new UsageException($"the CA certificate '{ca}' does not exist.");

        return new RemoteRenderingClientOptions
        {
            Endpoint = uri,
            AccountId = Pick(AccountId, AccountIdVariable, r => r.AccountId, "account id"),
            AccountKey = Pick(AccountKey, AccountKeyVariable, r => r.AccountKey, "account key"),
            ClientName = "arr-cli/1.0",
            TrustedCertificateAuthority = string.IsNullOrEmpty(ca) ? null : RemoteRenderingClientOptions.LoadCertificateAuthority(ca),
        };
    }

    /// <summary>Runs a command body with a client, turning every failure into a message on stderr and an exit code.</summary>
    public async Task<int> RunAsync(ParseResult result, CliContext context, Func<RemoteRenderingClient, CancellationToken, Task<int>> body, CancellationToken cancellationToken)
    {
        try
        {
            var options = Resolve(result, context);
            using var client = context.CreateClient(options);
            return await body(client, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            return CliErrors.Report(context, ex, cancellationToken);
        }
    }
}
