namespace ArrHost.Client.Media;

/// <summary>Splits H.264 Annex-B byte streams (00 00 01 / 00 00 00 01 start codes) into NAL units.</summary>
public static class AnnexB
{
    /// <summary>Enumerates the NAL units (without start codes) of an Annex-B buffer, allocation-free.</summary>
    /// <param name="stream">One or more access units in Annex-B format.</param>
    /// <returns>An enumerator for <c>foreach</c>.</returns>
    public static NalEnumerator NalUnits(ReadOnlySpan<byte> stream) => new(stream);

    /// <summary>Whether the buffer holds an IDR slice (NAL type 5).</summary>
    /// <param name="accessUnit">An Annex-B access unit.</param>
    /// <returns>True for a keyframe.</returns>
    public static bool ContainsIdr(ReadOnlySpan<byte> accessUnit)
    {
        foreach (ReadOnlySpan<byte> nal in NalUnits(accessUnit))
        {
            if (NalUnit.TypeOf(nal) == NalUnit.IdrSlice)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Enumerates NAL units; see <see cref="NalUnits"/>.</summary>
    public ref struct NalEnumerator
    {
        private ReadOnlySpan<byte> _rest;

        internal NalEnumerator(ReadOnlySpan<byte> stream)
        {
            int start = FindStartCode(stream, out int codeLength);
            _rest = start < 0 ? [] : stream[(start + codeLength)..];
            Current = default;
        }

        /// <summary>The current NAL unit.</summary>
        public ReadOnlySpan<byte> Current { get; private set; }

        /// <summary>Returns this enumerator.</summary>
        /// <returns>This.</returns>
        public readonly NalEnumerator GetEnumerator() => this;

        /// <summary>Moves to the next NAL unit.</summary>
        /// <returns>False at the end.</returns>
        public bool MoveNext()
        {
            if (_rest.IsEmpty)
            {
                return false;
            }
            int next = FindStartCode(_rest, out int codeLength);
            if (next < 0)
            {
                Current = _rest;
                _rest = [];
            }
            else
            {
                Current = _rest[..next];
                _rest = _rest[(next + codeLength)..];
            }
            return true;
        }
    }

    /// <summary>The index of the next start code (3 or 4 bytes), or -1.</summary>
    internal static int FindStartCode(ReadOnlySpan<byte> s, out int codeLength)
    {
        int at = s.IndexOf((ReadOnlySpan<byte>)[0, 0, 1]);
        if (at < 0)
        {
            codeLength = 0;
            return -1;
        }
        if (at > 0 && s[at - 1] == 0)
        {
            codeLength = 4;
            return at - 1;
        }
        codeLength = 3;
        return at;
    }
}
