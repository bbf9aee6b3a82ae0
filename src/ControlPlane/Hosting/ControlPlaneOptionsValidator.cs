using Microsoft.Extensions.Options;

namespace ArrHost.ControlPlane.Hosting;

/// <summary>Rejects settings the control plane cannot run with, at start.</summary>
internal sealed class ControlPlaneOptionsValidator : IValidateOptions<ControlPlaneOptions>
{
    public ValidateOptionsResult Validate(string? name, ControlPlaneOptions o)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(o.Region) || !o.Region.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
            errors.Add("Region must be lower-case letters, digits and '-' (e.g. 'westeurope', 'local').");
        if (o.GrpcPort is < 0 or > 65535) errors.Add("GrpcPort must be 0..65535.");
        if (o.RestPort is < 0 or > 65535) errors.Add("RestPort must be 0..65535.");
        if (o.GrpcPort != 0 && o.GrpcPort == o.RestPort) errors.Add("GrpcPort and RestPort must differ.");
        if (!o.Store.StartsWith("sqlite:", StringComparison.Ordinal) && !o.Store.StartsWith("postgres:", StringComparison.Ordinal))
            errors.Add("Store must be 'sqlite:PATH' or 'postgres:CONNECTION-STRING'.");
        if (o.StartupDelayStandardSeconds < 0 || o.StartupDelaySeconds < 0 || o.StartupDelayPremiumSeconds < 0) errors.Add("Start-up delays must be >= 0.");
        if (o.StartTimeoutSeconds <= 0) errors.Add("StartTimeoutSeconds must be > 0.");
        if (o.HeartbeatIntervalMs <= 0 || o.HeartbeatTimeoutMs <= o.HeartbeatIntervalMs)
            errors.Add("HeartbeatTimeoutMs must be larger than HeartbeatIntervalMs > 0.");
        if (string.IsNullOrEmpty(o.AgentKey) || o.AgentKey.Length < 8) errors.Add("AgentKey must have at least 8 characters.");
        if (o.SessionQuota < 1) errors.Add("SessionQuota must be >= 1.");
        if (o.RateLimitBurst < 1 || o.RateLimitPerSecond < 1) errors.Add("Rate limits must be >= 1.");
        if (o.MaxRequestBodyBytes < 1024) errors.Add("MaxRequestBodyBytes must be >= 1024.");
        if (o.RetentionDays < 1) errors.Add("RetentionDays must be >= 1.");
        if (o.LeaseMinuteSeconds is <= 0 or > 3600) errors.Add("LeaseMinuteSeconds must be in (0, 3600].");
        if (o.TokenLifetimeHours <= 0) errors.Add("TokenLifetimeHours must be > 0.");
        if (!string.IsNullOrEmpty(o.TlsCertificate) && !File.Exists(o.TlsCertificate)) errors.Add($"TlsCertificate '{o.TlsCertificate}' does not exist.");
        if (!string.IsNullOrEmpty(o.TlsKey) && !File.Exists(o.TlsKey)) errors.Add($"TlsKey '{o.TlsKey}' does not exist.");
        if (!string.IsNullOrEmpty(o.TlsKey) && string.IsNullOrEmpty(o.TlsCertificate)) errors.Add("TlsKey needs TlsCertificate.");
        if (o.ConversionTimeoutSeconds <= 0) errors.Add("ConversionTimeoutSeconds must be > 0.");
        if (o.MaxConversionInputBytes <= 0) errors.Add("MaxConversionInputBytes must be > 0.");
        if (o.AccountsFile is not null && !File.Exists(o.AccountsFile)) errors.Add($"AccountsFile '{o.AccountsFile}' does not exist.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
