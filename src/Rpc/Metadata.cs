using System.Collections;
using System.Text;
using ArrHost.Rpc.Internal;

namespace ArrHost.Rpc;

/// <summary>
/// Request headers, response headers or trailers of a call. Keys are lower-cased; keys ending in
/// "-bin" carry binary values (base64 on the wire), all others ASCII strings.
/// </summary>
public sealed class Metadata : IEnumerable<Metadata.Entry>
{
    private readonly List<Entry> _entries = new();

    public int Count => _entries.Count;

    public Entry this[int index] => _entries[index];

    public void Add(string key, string value) => _entries.Add(new Entry(key, value));

    public void Add(string key, byte[] value) => _entries.Add(new Entry(key, value));

    public void Add(Entry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        _entries.Add(entry);
    }

    /// <summary>The last string value with this key, or null.</summary>
    public string? GetValue(string key)
    {
        var entry = Get(key);
        return entry is null ? null : entry.IsBinary ? throw new InvalidOperationException($"Metadata key '{entry.Key}' has a binary value.") : entry.Value;
    }

    /// <summary>The last value with this key as bytes (a string value as its ASCII bytes), or null.</summary>
    public byte[]? GetValueBytes(string key) => Get(key)?.ValueBytes;

    /// <summary>The last entry with this key, or null.</summary>
    public Entry? Get(string key)
    {
        for (var i = _entries.Count - 1; i >= 0; i--)
        {
            if (string.Equals(_entries[i].Key, key, StringComparison.OrdinalIgnoreCase))
            {
                return _entries[i];
            }
        }
        return null;
    }

    public IEnumerable<Entry> GetAll(string key)
    {
        foreach (var entry in _entries)
        {
            if (string.Equals(entry.Key, key, StringComparison.OrdinalIgnoreCase))
            {
                yield return entry;
            }
        }
    }

    public bool Remove(Entry entry) => _entries.Remove(entry);

    public List<Entry>.Enumerator GetEnumerator() => _entries.GetEnumerator();

    IEnumerator<Entry> IEnumerable<Entry>.GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _entries.GetEnumerator();

    /// <summary>One metadata entry.</summary>
    public sealed class Entry
    {
        private readonly string? _value;
        private readonly byte[]? _bytes;

        public Entry(string key, string value)
        {
            Key = NormalizeKey(key);
            ArgumentNullException.ThrowIfNull(value);
            if (IsBinaryKey(Key))
            {
                throw new ArgumentException($"Key '{Key}' ends with '{GrpcProtocolConstants.BinaryHeaderSuffix}' and needs a byte[] value.", nameof(key));
            }
            _value = value;
        }

        public Entry(string key, byte[] value)
        {
            Key = NormalizeKey(key);
            ArgumentNullException.ThrowIfNull(value);
            if (!IsBinaryKey(Key))
            {
                throw new ArgumentException($"Key '{Key}' needs the suffix '{GrpcProtocolConstants.BinaryHeaderSuffix}' for a byte[] value.", nameof(key));
            }
            _bytes = value;
        }

        public string Key { get; }

        public bool IsBinary => _bytes is not null;

        /// <summary>The string value; a binary entry throws.</summary>
        public string Value => _value ?? throw new InvalidOperationException($"Metadata key '{Key}' has a binary value; use ValueBytes.");

        /// <summary>The binary value, or a string value as ASCII bytes.</summary>
        public byte[] ValueBytes => _bytes ?? Encoding.ASCII.GetBytes(_value!);

        public override string ToString() => IsBinary ? $"{Key}: [{_bytes!.Length} bytes]" : $"{Key}: {_value}";

        internal static bool IsBinaryKey(string key) => key.EndsWith(GrpcProtocolConstants.BinaryHeaderSuffix, StringComparison.OrdinalIgnoreCase);

        private static string NormalizeKey(string key)
        {
            ArgumentException.ThrowIfNullOrEmpty(key);
            var lower = key.ToLowerInvariant();
            foreach (var c in lower)
            {
                if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.'))
                {
                    throw new ArgumentException($"Metadata key '{key}' contains the character '{c}'; allowed are a-z, 0-9, '-', '_' and '.'.", nameof(key));
                }
            }
            return lower;
        }
    }
}
