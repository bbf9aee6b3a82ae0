namespace ArrHost.Rpc.Internal;

/// <summary>Metadata to and from HTTP header values (binary values are base64, unpadded on send).</summary>
internal static class MetadataHeaders
{
    public static string EncodeValue(Metadata.Entry entry) =>
        entry.IsBinary ? Convert.ToBase64String(entry.ValueBytes).TrimEnd('=') : entry.Value;

    /// <summary>Adds one header value (possibly a comma-joined list for -bin keys) to the metadata.</summary>
    public static void AddHeader(Metadata metadata, string key, string value)
    {
        if (GrpcProtocolConstants.IsReservedHeader(key))
        {
            return;
        }
        if (Metadata.Entry.IsBinaryKey(key))
        {
            foreach (var part in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                metadata.Add(key, DecodeBase64(part));
            }
        }
        else
        {
            metadata.Add(key, value);
        }
    }

    /// <summary>Base64 decoding that accepts both padded and unpadded values.</summary>
    public static byte[] DecodeBase64(string value)
    {
        var rem = value.Length % 4;
        if (rem != 0)
        {
            value = value + new string('=', 4 - rem);
        }
        return Convert.FromBase64String(value);
    }
}
