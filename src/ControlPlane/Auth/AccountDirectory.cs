using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ArrHost.ControlPlane.Hosting;
using Microsoft.Extensions.Options;

namespace ArrHost.ControlPlane.Auth;

/// <summary>The accounts of the region and their keys (from configuration); keys are kept only as SHA-256 hashes.</summary>
internal sealed class AccountDirectory
{
    private readonly Dictionary<string, byte[]> _keyHashes = new(StringComparer.Ordinal);

    public AccountDirectory(IOptions<ControlPlaneOptions> options)
    {
        var o = options.Value;
        if (o.DevAccount) Add(DevDefaults.AccountId, DevDefaults.AccountKey);
        if (!string.IsNullOrWhiteSpace(o.Accounts))
        {
            foreach (var pair in o.Accounts.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var colon = pair.IndexOf(':');
                if (colon <= 0 || colon == pair.Length - 1) throw new InvalidOperationException("Accounts must be 'id:key;id:key'.");
                Add(pair[..colon], pair[(colon + 1)..]);
            }
        }
        if (o.AccountsFile is not null)
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(o.AccountsFile));
            foreach (var a in doc.RootElement.EnumerateArray())
            {
                Add(a.GetProperty("accountId").GetString()!, a.GetProperty("accountKey").GetString()!);
            }
        }
    }

    public IEnumerable<(string AccountId, string KeyHash)> All => _keyHashes.Select(kv => (kv.Key, Convert.ToHexString(kv.Value)));

    public bool Exists(string accountId) => _keyHashes.ContainsKey(accountId);

    /// <summary>Checks an account key in constant time.</summary>
    public bool Verify(string accountId, string key) =>
        _keyHashes.TryGetValue(accountId, out var hash) && CryptographicOperations.FixedTimeEquals(hash, Hash(key));

    private void Add(string id, string key)
    {
        if (!Guid.TryParse(id, out _)) throw new InvalidOperationException($"Account id '{id}' is not a uuid.");
        if (key.Length < 8) throw new InvalidOperationException($"The key of account '{id}' is shorter than 8 characters.");
        _keyHashes[id] = Hash(key);
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
