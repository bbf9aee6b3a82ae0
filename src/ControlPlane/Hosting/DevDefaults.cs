namespace ArrHost.ControlPlane.Hosting;

/// <summary>The well-known development account and agent key of local regions (public values, not secrets).</summary>
internal static class DevDefaults
{
    public const string AccountId = "00000000-0000-4000-8000-00000000a11e";
    public const string AccountKey = "arr-dev-account-key";
    public const string AgentKey = "arr-dev-agent-key";
}
