using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace ArrHost.Tools.VkGen;

/// <summary>Thrown for anything in the registry the generator cannot map: the run fails loudly.</summary>
public sealed class GeneratorException(string message) : Exception(message);

/// <summary>
/// Reads vk.xml and produces C# sources (file name -> text) for the allow-list. Pure: no file
/// system writes, so a test can run it in memory and compare with the committed output.
/// </summary>
public sealed partial class Generator
{
    public const string Namespace = "ArrHost.RenderHost.Vulkan";
    public const string RegenerateCommand =
        "dotnet run --project tools/VkGen -- /usr/share/vulkan/registry/vk.xml src/RenderHost/Vulkan/Generated";

    private static readonly Dictionary<string, string> Primitives = new()
    {
        ["void"] = "void", ["char"] = "byte", ["float"] = "float", ["double"] = "double",
        ["uint8_t"] = "byte", ["int8_t"] = "sbyte", ["uint16_t"] = "ushort", ["int16_t"] = "short",
        ["uint32_t"] = "uint", ["int32_t"] = "int", ["uint64_t"] = "ulong", ["int64_t"] = "long",
        ["size_t"] = "nuint", ["int"] = "int",
        ["VkDeviceSize"] = "ulong", ["VkDeviceAddress"] = "ulong", ["VkFlags"] = "uint", ["VkFlags64"] = "ulong",
        ["VkSampleMask"] = "uint", ["VkBool32"] = "VkBool32",
    };

    private static readonly HashSet<string> Keywords =
        ["object", "event", "string", "base", "params", "ref", "out", "in", "fixed", "operator", "checked", "lock", "internal"];

    private readonly HashSet<string> DispatchableHandles = [];

    private readonly XElement _registry;
    private readonly Dictionary<string, XElement> _types = new();
    private readonly Dictionary<string, string> _typeAliases = new();
    private readonly Dictionary<string, XElement> _enumBlocks = new();
    private readonly Dictionary<string, XElement> _commands = new();
    private readonly Dictionary<string, string> _constants = new(); // name -> C# literal with type
    private readonly Dictionary<string, List<(string Name, long Value)>> _extraEnumValues = new();
    private readonly Dictionary<string, string> _bitsToFlags = new(); // VkXFlagBits -> VkXFlags
    private readonly Dictionary<string, string> _flagsBitWidth = new(); // VkXFlags -> uint/ulong
    private readonly HashSet<string> _vendorTags = [];

    // reached sets, in discovery order
    private readonly List<string> _reachedStructs = [];
    private readonly List<string> _reachedEnums = [];
    private readonly List<string> _reachedFlags = [];
    private readonly List<string> _reachedHandles = [];
    private readonly List<string> _reachedFuncPointers = [];
    private readonly HashSet<string> _reached = [];
    private readonly HashSet<string> _usedConstants = [];

    public Generator(XDocument doc)
    {
        _registry = doc.Root ?? throw new GeneratorException("vk.xml has no root element");
        Index();
    }

    public static Generator Load(string path) => new(XDocument.Load(path, LoadOptions.None));

    private static bool ForVulkan(XElement e)
    {
        var api = (string?)e.Attribute("api");
        return api is null || api.Split(',').Contains("vulkan");
    }

    private void Index()
    {
        foreach (var tag in _registry.Element("tags")?.Elements("tag") ?? [])
            _vendorTags.Add((string)tag.Attribute("name")!);

        foreach (var t in _registry.Element("types")!.Elements("type").Where(ForVulkan))
        {
            var name = (string?)t.Attribute("name") ?? t.Element("name")?.Value;
            if (name is null) continue;
            if (t.Attribute("alias") is { } alias) { _typeAliases[name] = alias.Value; continue; }
            _types[name] = t;
            if ((string?)t.Attribute("category") == "bitmask")
            {
                var bits = (string?)t.Attribute("requires") ?? (string?)t.Attribute("bitvalues");
                _flagsBitWidth[name] = t.Element("type")?.Value == "VkFlags64" ? "ulong" : "uint";
                if (bits is not null) _bitsToFlags[bits] = name;
            }
        }

        foreach (var e in _registry.Elements("enums"))
        {
            var name = (string)e.Attribute("name")!;
            if (name == "API Constants")
            {
                foreach (var c in e.Elements("enum"))
                {
                    var cname = (string)c.Attribute("name")!;
                    if (c.Attribute("alias") is { } a) { _constants[cname] = "@" + a.Value; continue; }
                    _constants[cname] = ConstantLiteral((string)c.Attribute("type")!, (string)c.Attribute("value")!, cname);
                }
                continue;
            }
            _enumBlocks[name] = e;
        }

        foreach (var c in _registry.Element("commands")!.Elements("command").Where(ForVulkan))
        {
            var name = (string?)c.Attribute("name") ?? c.Element("proto")!.Element("name")!.Value;
            _commands[name] = c;
        }

        // enum values added by the enabled features and extensions
        var requires = new List<(XElement Require, int? ExtNumber)>();
        foreach (var f in _registry.Elements("feature").Where(ForVulkan))
            if (AllowList.Features.Contains((string)f.Attribute("name")!))
                requires.AddRange(f.Elements("require").Select(r => (r, (int?)null)));
        foreach (var x in _registry.Element("extensions")!.Elements("extension"))
        {
            var xname = (string)x.Attribute("name")!;
            if (!AllowList.Extensions.Contains(xname) && !AllowList.TypeOnlyExtensions.Contains(xname)) continue;
            var number = int.Parse((string)x.Attribute("number")!, CultureInfo.InvariantCulture);
            requires.AddRange(x.Elements("require").Where(ForVulkan).Select(r => (r, (int?)number)));
        }
        foreach (var (req, extNumber) in requires)
        {
            foreach (var en in req.Elements("enum").Where(ForVulkan))
            {
                var extends = (string?)en.Attribute("extends");
                if (extends is null) continue; // constants such as VK_EXT_DEBUG_UTILS_EXTENSION_NAME
                var enName = (string)en.Attribute("name")!;
                long value;
                if (en.Attribute("alias") is not null) continue;
                if (en.Attribute("value") is { } v) value = ParseInt(v.Value, enName);
                else if (en.Attribute("bitpos") is { } bp) value = 1L << int.Parse(bp.Value, CultureInfo.InvariantCulture);
                else if (en.Attribute("offset") is { } off)
                {
                    var ext = (int?)en.Attribute("extnumber") ?? extNumber
                        ?? throw new GeneratorException($"enum {enName}: offset without an extension number");
                    value = 1000000000L + (ext - 1) * 1000L + long.Parse(off.Value, CultureInfo.InvariantCulture);
                    if ((string?)en.Attribute("dir") == "-") value = -value;
                }
                else throw new GeneratorException($"enum {enName} extending {extends}: no value, bitpos or offset");
                if (!_extraEnumValues.TryGetValue(extends, out var list)) _extraEnumValues[extends] = list = [];
                if (!list.Any(p => p.Name == enName)) list.Add((enName, value));
            }
        }
    }

    private static long ParseInt(string s, string what)
    {
        s = s.Trim();
        if (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            return long.Parse(s[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        if (long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v)) return v;
        throw new GeneratorException($"cannot parse the integer value '{s}' of {what}");
    }

    private static string ConstantLiteral(string ctype, string value, string name)
    {
        var v = value.Trim();
        switch (ctype)
        {
            case "uint32_t":
                if (v == "(~0U)") return "uint:uint.MaxValue";
                if (v == "(~1U)") return "uint:uint.MaxValue - 1";
                if (v == "(~2U)") return "uint:uint.MaxValue - 2";
                return "uint:" + uint.Parse(v, CultureInfo.InvariantCulture) + "u";
            case "uint64_t":
                if (v == "(~0ULL)") return "ulong:ulong.MaxValue";
                return "ulong:" + ulong.Parse(v.TrimEnd('U', 'L'), CultureInfo.InvariantCulture) + "ul";
            case "float":
                return "float:" + float.Parse(v.TrimEnd('F', 'f'), CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture) + "f";
            case "int32_t":
                return "int:" + int.Parse(v, CultureInfo.InvariantCulture);
            default:
                throw new GeneratorException($"constant {name}: unmapped type {ctype}");
        }
    }

    // ------------------------------------------------------------------ reachability

    private string Resolve(string name) => _typeAliases.TryGetValue(name, out var a) ? Resolve(a) : name;

    private void Reach(string cname)
    {
        cname = Resolve(cname);
        if (Primitives.ContainsKey(cname) || _reached.Contains(cname)) return;
        if (_bitsToFlags.TryGetValue(cname, out var flags)) { Reach(flags); return; }
        if (!_types.TryGetValue(cname, out var t))
            throw new GeneratorException($"type {cname} is not in the registry");
        var category = (string?)t.Attribute("category");
        _reached.Add(cname);
        switch (category)
        {
            case "struct":
            case "union":
                _reachedStructs.Add(cname);
                foreach (var m in t.Elements("member").Where(ForVulkan))
                {
                    Reach(m.Element("type")!.Value);
                    foreach (var en in m.Elements("enum")) _usedConstants.Add(en.Value);
                }
                break;
            case "enum":
                _reachedEnums.Add(cname);
                break;
            case "bitmask":
                _reachedFlags.Add(cname);
                break;
            case "handle":
                _reachedHandles.Add(cname);
                if (t.Element("type")?.Value == "VK_DEFINE_HANDLE") DispatchableHandles.Add(cname);
                break;
            case "funcpointer":
                _reachedFuncPointers.Add(cname);
                foreach (var pt in t.Elements("type")) Reach(pt.Value);
                break;
            case "basetype":
                throw new GeneratorException($"basetype {cname} has no C# mapping");
            default:
                throw new GeneratorException($"type {cname} of category '{category ?? "none"}' cannot be mapped (platform type?)");
        }
    }

    // ------------------------------------------------------------------ C type parsing

    private sealed record CDecl(string Type, int Pointers, bool Const, string Name, string[] ArrayDims);

    private static CDecl ParseDecl(XElement e)
    {
        var type = e.Element("type")?.Value ?? throw new GeneratorException($"declaration without a type: {e}");
        var name = e.Element("name")?.Value ?? throw new GeneratorException($"declaration without a name: {e}");
        var before = new StringBuilder();
        var between = new StringBuilder();
        var after = new StringBuilder();
        var stage = 0;
        foreach (var node in e.Nodes())
        {
            if (node is XElement el)
            {
                if (el.Name == "comment") continue;
                if (el.Name == "type") { stage = 1; continue; }
                if (el.Name == "name") { stage = 2; continue; }
                if (stage == 2) after.Append(el.Value); // <enum> inside [ ]
                continue;
            }
            if (node is XText txt)
                (stage == 0 ? before : stage == 1 ? between : after).Append(txt.Value);
        }
        var tail = after.ToString().Trim();
        if (tail.Contains(':')) throw new GeneratorException($"bitfield member {name} cannot be mapped");
        var dims = Regex.Matches(tail, @"\[(\w+)\]").Select(m => m.Groups[1].Value).ToArray();
        if (tail.Length > 0 && dims.Length == 0) throw new GeneratorException($"cannot parse '{tail}' after {name}");
        return new CDecl(type, between.ToString().Count(c => c == '*'), before.ToString().Contains("const"), name, dims);
    }

    private string CsType(string ctype, int pointers)
    {
        ctype = Resolve(ctype);
        string baseType;
        if (Primitives.TryGetValue(ctype, out var p)) baseType = p;
        else if (_bitsToFlags.TryGetValue(ctype, out var f)) baseType = f;
        else if (_types.TryGetValue(ctype, out var t) && (string?)t.Attribute("category") == "funcpointer")
        {
            if (pointers != 0) throw new GeneratorException($"pointer to function pointer {ctype} cannot be mapped");
            return FuncPointerSignature(ctype);
        }
        else if (_types.ContainsKey(ctype)) baseType = ctype;
        else throw new GeneratorException($"type {ctype} has no C# mapping");
        return baseType + new string('*', pointers);
    }

    private string FuncPointerSignature(string name)
    {
        var t = _types[name];
        var text = Regex.Replace(t.Value, @"\s+", " ");
        var m = Regex.Match(text, @"^typedef (.+?) \(VKAPI_PTR \*(\w+)\)\((.*)\);$");
        if (!m.Success) throw new GeneratorException($"cannot parse function pointer {name}: {text}");
        var ret = CTypeText(m.Groups[1].Value.Trim(), name);
        var args = m.Groups[3].Value.Trim();
        var list = new List<string>();
        if (args != "void")
            foreach (var a in args.Split(','))
            {
                var parts = a.Trim();
                var nm = Regex.Match(parts, @"(\w+)$").Groups[1].Value;
                list.Add(CTypeText(parts[..^nm.Length].Trim(), name));
            }
        list.Add(ret);
        return "delegate* unmanaged<" + string.Join(", ", list) + ">";
    }

    private string CTypeText(string text, string context)
    {
        var pointers = text.Count(c => c == '*');
        var core = Regex.Replace(text.Replace("*", " "), @"\bconst\b", " ").Trim();
        if (core.Contains(' ')) throw new GeneratorException($"cannot parse C type '{text}' in {context}");
        return CsType(core, pointers);
    }

    // ------------------------------------------------------------------ naming

    private static string[] SplitCamel(string s) => Regex.Matches(s, @"[A-Z]+(?![a-z])\d*|[A-Z][a-z]+\d*|\d+[A-Za-z]*|[a-z]+\d*").Select(m => m.Value).ToArray();

    private string VendorSuffix(string typeName)
    {
        foreach (var tag in _vendorTags.OrderByDescending(t => t.Length))
            if (typeName.EndsWith(tag, StringComparison.Ordinal)) return tag;
        return "";
    }

    /// <summary>VK_FORMAT_R8G8B8A8_SRGB in VkFormat -> R8G8B8A8Srgb (the Vortice style).</summary>
    private string EnumMemberName(string enumType, string member)
    {
        var vendor = VendorSuffix(enumType);
        var core = enumType[..^vendor.Length];
        var isBits = core.EndsWith("FlagBits", StringComparison.Ordinal) || core.EndsWith("Flags", StringComparison.Ordinal);
        if (core.EndsWith("FlagBits", StringComparison.Ordinal)) core = core[..^"FlagBits".Length];
        else if (core.EndsWith("Flags", StringComparison.Ordinal)) core = core[..^"Flags".Length];
        var prefixTokens = SplitCamel(core).Select(x => x.ToUpperInvariant()).ToList();
        var prefix = string.Join("_", prefixTokens) + "_";
        var tokens = member.Split('_').ToList();
        string rest;
        if (member.StartsWith(prefix, StringComparison.Ordinal)) rest = member[prefix.Length..];
        else if (member.StartsWith("VK_", StringComparison.Ordinal)) rest = member[3..];
        else rest = member;
        var parts = rest.Split('_', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (isBits)
        {
            var bitIndex = parts.LastIndexOf("BIT");
            if (bitIndex >= 0 && (bitIndex == parts.Count - 1 || _vendorTags.Contains(parts[^1]) && bitIndex == parts.Count - 2))
                parts.RemoveAt(bitIndex);
        }
        if (parts.Count > 0 && _vendorTags.Contains(parts[^1]) && parts[^1] == vendor) parts.RemoveAt(parts.Count - 1);
        var sb = new StringBuilder();
        foreach (var part in parts)
        {
            if (_vendorTags.Contains(part)) sb.Append(part);
            else if (Regex.IsMatch(part, "^[A-Z]{2,}[0-9]+$")) sb.Append(part[0]).Append(part[1..].ToLowerInvariant()); // UINT32 -> Uint32
            else if (part.Any(char.IsDigit)) sb.Append(part); // R8G8B8A8, D32, 2D
            else sb.Append(char.ToUpperInvariant(part[0])).Append(part[1..].ToLowerInvariant());
        }
        var result = sb.ToString();
        if (result.Length == 0) throw new GeneratorException($"enum member {member} of {enumType} maps to an empty name");
        if (char.IsDigit(result[0]))
        {
            var last = prefixTokens[^1];
            result = char.ToUpperInvariant(last[0]) + last[1..].ToLowerInvariant() + result;
        }
        return result;
    }

    private static string Ident(string name) => Keywords.Contains(name) ? "@" + name : name;

    // ------------------------------------------------------------------ emission

    private static StringBuilder Header(string what)
    {
        var sb = new StringBuilder();
        sb.Append("// <auto-generated>\n");
        sb.Append("// ").Append(what).Append(" generated by tools/VkGen from the Vulkan registry (vk.xml). Do not edit.\n");
        sb.Append("// Regenerate: ").Append(RegenerateCommand).Append('\n');
        sb.Append("// </auto-generated>\n");
        sb.Append("#nullable enable\n");
        sb.Append("#pragma warning disable CS0649, CS8981, CS0169, CS1591, IDE1006\n");
        sb.Append("using System.Runtime.CompilerServices;\nusing System.Runtime.InteropServices;\n\n");
        sb.Append("namespace ").Append(Namespace).Append(";\n");
        return sb;
    }

    public IReadOnlyDictionary<string, string> Generate()
    {
        foreach (var c in AllowList.Commands)
        {
            var cmd = Command(c);
            foreach (var p in cmd.Elements("param").Where(ForVulkan).Append(cmd.Element("proto")!))
                Reach(p.Element("type")!.Value);
        }
        foreach (var t in AllowList.ExtraTypes) Reach(t);
        Reach("VkStructureType");
        Reach("VkResult");
        Reach("VkObjectType");

        return new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["Constants.g.cs"] = EmitConstants(),
            ["Enums.g.cs"] = EmitEnums(),
            ["Handles.g.cs"] = EmitHandles(),
            ["Structs.g.cs"] = EmitStructs(),
            ["Commands.g.cs"] = EmitCommands(),
        };
    }

    private XElement Command(string name)
    {
        if (!_commands.TryGetValue(name, out var cmd)) throw new GeneratorException($"command {name} is not in the registry");
        if (cmd.Attribute("alias") is { } a) return Command(a.Value);
        return cmd;
    }

    private string EmitConstants()
    {
        var sb = Header("API constants");
        sb.Append("\ninternal static partial class Vk\n{\n");
        foreach (var (name, lit) in _constants.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            var value = lit;
            while (value.StartsWith('@')) value = _constants[value[1..]];
            var colon = value.IndexOf(':');
            sb.Append("    public const ").Append(value[..colon]).Append(' ').Append(name).Append(" = ").Append(value[(colon + 1)..]).Append(";\n");
        }
        sb.Append("}\n");
        return sb.ToString();
    }

    private List<(string Name, long Value)> EnumValues(string blockName)
    {
        var values = new List<(string, long)>();
        if (_enumBlocks.TryGetValue(blockName, out var block))
        {
            foreach (var en in block.Elements("enum").Where(ForVulkan))
            {
                var name = (string)en.Attribute("name")!;
                if (en.Attribute("alias") is not null) continue;
                if (en.Attribute("value") is { } v) values.Add((name, ParseInt(v.Value, name)));
                else if (en.Attribute("bitpos") is { } bp) values.Add((name, 1L << int.Parse(bp.Value, CultureInfo.InvariantCulture)));
                else throw new GeneratorException($"enum {name} in {blockName}: no value or bitpos");
            }
        }
        if (_extraEnumValues.TryGetValue(blockName, out var extra))
            foreach (var e in extra)
                if (!values.Any(v => v.Item1 == e.Name)) values.Add(e);
        return values;
    }

    private string EmitEnums()
    {
        var sb = Header("Enums and bitmasks");
        foreach (var name in _reachedEnums.Order(StringComparer.Ordinal))
        {
            var values = EnumValues(name);
            sb.Append("\ninternal enum ").Append(name).Append("\n{\n");
            EmitMembers(sb, name, values, false);
            sb.Append("}\n");
        }
        foreach (var name in _reachedFlags.Order(StringComparer.Ordinal))
        {
            var t = _types[name];
            var bits = (string?)t.Attribute("requires") ?? (string?)t.Attribute("bitvalues");
            var values = bits is null ? [] : EnumValues(bits);
            var width = _flagsBitWidth[name];
            sb.Append("\n[Flags]\ninternal enum ").Append(name).Append(" : ").Append(width).Append("\n{\n    None = 0,\n");
            EmitMembers(sb, bits ?? name, values.Where(v => v.Value != 0).ToList(), true);
            sb.Append("}\n");
        }
        return sb.ToString();
    }

    private void EmitMembers(StringBuilder sb, string typeForNaming, List<(string Name, long Value)> values, bool flags)
    {
        var seen = new Dictionary<string, string>();
        foreach (var (cname, value) in values)
        {
            if (cname.EndsWith("_MAX_ENUM", StringComparison.Ordinal)) continue;
            var name = EnumMemberName(typeForNaming, cname);
            if (flags && name == "None") name = "NoneValue";
            if (seen.TryGetValue(name, out var other))
                throw new GeneratorException($"{cname} and {other} both map to {typeForNaming}.{name}");
            seen[name] = cname;
            var lit = flags ? "0x" + value.ToString("X", CultureInfo.InvariantCulture) : value.ToString(CultureInfo.InvariantCulture);
            sb.Append("    /// <summary>").Append(cname).Append("</summary>\n");
            sb.Append("    ").Append(name).Append(" = ").Append(lit).Append(",\n");
        }
    }

    private string EmitHandles()
    {
        var sb = Header("Handles");
        foreach (var name in _reachedHandles.Order(StringComparer.Ordinal))
        {
            var dispatchable = DispatchableHandles.Contains(name);
            var raw = dispatchable ? "nint" : "ulong";
            sb.Append($$"""

/// <summary>{{(dispatchable ? "Dispatchable" : "Non-dispatchable")}} handle {{name}}.</summary>
[DebuggerDisplay("{{name}} {Handle}")]
internal readonly partial struct {{name}}({{raw}} handle) : IEquatable<{{name}}>
{
    public readonly {{raw}} Handle = handle;
    public static {{name}} Null => default;
    public bool IsNull => Handle == 0;
    public bool IsNotNull => Handle != 0;
    public bool Equals({{name}} other) => Handle == other.Handle;
    public override bool Equals(object? obj) => obj is {{name}} other && Equals(other);
    public override int GetHashCode() => Handle.GetHashCode();
    public static bool operator ==({{name}} left, {{name}} right) => left.Handle == right.Handle;
    public static bool operator !=({{name}} left, {{name}} right) => left.Handle != right.Handle;
}

""");
        }
        return sb.ToString().Replace("using System.Runtime.CompilerServices;", "using System.Diagnostics;\nusing System.Runtime.CompilerServices;");
    }

    private static readonly HashSet<string> FixedOk = ["byte", "sbyte", "short", "ushort", "int", "uint", "long", "ulong", "float", "double"];

    private string EmitStructs()
    {
        var sb = Header("Structs and unions");
        var inlineArrays = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var name in _reachedStructs.Order(StringComparer.Ordinal))
        {
            var t = _types[name];
            var union = (string?)t.Attribute("category") == "union";
            sb.Append('\n');
            sb.Append(union ? "[StructLayout(LayoutKind.Explicit)]\n" : "[StructLayout(LayoutKind.Sequential)]\n");
            sb.Append("internal unsafe partial struct ").Append(name).Append("\n{\n");
            string? sType = null;
            foreach (var m in t.Elements("member").Where(ForVulkan))
            {
                var d = ParseDecl(m);
                if (d.Name == "sType" && m.Attribute("values") is { } sv) sType = EnumMemberName("VkStructureType", sv.Value);
                var cs = CsType(d.Type, d.Pointers);
                if (union) sb.Append("    [FieldOffset(0)]\n");
                if (d.ArrayDims.Length == 0)
                {
                    sb.Append("    public ").Append(cs).Append(' ').Append(Ident(d.Name)).Append(";\n");
                    continue;
                }
                if (d.ArrayDims.Length > 1) throw new GeneratorException($"multi-dimensional array {name}.{d.Name} cannot be mapped");
                var dim = d.ArrayDims[0];
                string count;
                if (int.TryParse(dim, out var n)) count = n.ToString(CultureInfo.InvariantCulture);
                else
                {
                    if (!_constants.ContainsKey(dim)) throw new GeneratorException($"array size {dim} of {name}.{d.Name} is unknown");
                    count = "(int)Vk." + dim;
                    _usedConstants.Add(dim);
                }
                if (FixedOk.Contains(cs))
                    sb.Append("    public fixed ").Append(cs).Append(' ').Append(Ident(d.Name)).Append('[').Append(count).Append("];\n");
                else
                {
                    var size = int.TryParse(dim, out var k) ? k : int.Parse(_constants[dim].Split(':')[1].TrimEnd('u'), CultureInfo.InvariantCulture);
                    var arrayType = $"{cs.Replace("*", "Ptr")}_{size}";
                    inlineArrays.Add($"[InlineArray({size})]\ninternal struct {arrayType}\n{{\n    private {cs} _element0;\n}}\n");
                    sb.Append("    public ").Append(arrayType).Append(' ').Append(Ident(d.Name)).Append(";\n");
                }
            }
            if (sType is not null)
                sb.Append("\n    public ").Append(name).Append("()\n    {\n        sType = VkStructureType.").Append(sType).Append(";\n    }\n");
            sb.Append("}\n");
        }
        sb.Append("\n// Fixed-size arrays of non-primitive elements.\n");
        foreach (var a in inlineArrays) sb.Append('\n').Append(a);
        return sb.ToString();
    }

    private enum Level { Global, Instance, Device }

    private string EmitCommands()
    {
        var sb = Header("Commands, loaded per instance and per device");
        var byLevel = new Dictionary<Level, List<string>> { [Level.Global] = [], [Level.Instance] = [], [Level.Device] = [] };
        foreach (var c in AllowList.Commands)
        {
            var cmd = Command(c);
            var first = cmd.Elements("param").FirstOrDefault()?.Element("type")?.Value;
            var level = first is "VkDevice" or "VkQueue" or "VkCommandBuffer" ? Level.Device
                : first is "VkInstance" or "VkPhysicalDevice" && c != "vkCreateInstance" ? Level.Instance
                : Level.Global;
            byLevel[level].Add(c);
        }
        EmitApiClass(sb, "VkGlobalApi", "Global commands (no instance yet), loaded with a null instance.", "nint", byLevel[Level.Global]);
        EmitApiClass(sb, "VkInstanceApi", "Instance-level commands, loaded through vkGetInstanceProcAddr for one instance.", "VkInstance", byLevel[Level.Instance]);
        EmitApiClass(sb, "VkDeviceApi", "Device-level commands, loaded through vkGetDeviceProcAddr for one device.", "VkDevice", byLevel[Level.Device]);
        return sb.ToString();
    }

    private void EmitApiClass(StringBuilder sb, string className, string doc, string ownerType, List<string> commands)
    {
        sb.Append("\n/// <summary>").Append(doc).Append(" Every VkResult error code throws a <see cref=\"VulkanException\"/>.</summary>\n");
        sb.Append("internal sealed unsafe partial class ").Append(className).Append("\n{\n");
        var fields = new StringBuilder();
        var loads = new StringBuilder();
        var methods = new StringBuilder();
        foreach (var c in commands)
        {
            var cmd = Command(c);
            var proto = ParseDecl(cmd.Element("proto")!);
            var ret = CsType(proto.Type, proto.Pointers);
            var ps = cmd.Elements("param").Where(ForVulkan).Select(ParseDecl).ToList();
            foreach (var p in ps)
                if (p.ArrayDims.Length > 0) throw new GeneratorException($"array parameter {c}.{p.Name} cannot be mapped");
            var pTypes = ps.Select(p => CsType(p.Type, p.Pointers)).ToList();
            var sig = "delegate* unmanaged<" + string.Join(", ", pTypes.Append(ret)) + ">";
            fields.Append("    private readonly ").Append(sig).Append(" _").Append(c).Append(";\n");
            loads.Append("        _").Append(c).Append(" = (").Append(sig).Append(")load(\"").Append(c).Append("\");\n");
            var paramList = string.Join(", ", ps.Select((p, i) => pTypes[i] + " " + Ident(p.Name)));
            var argList = string.Join(", ", ps.Select(p => Ident(p.Name)));
            methods.Append("\n    /// <summary>").Append(c).Append("</summary>\n");
            methods.Append("    public ").Append(ret).Append(' ').Append(c).Append('(').Append(paramList).Append(")\n    {\n");
            methods.Append("        if (_").Append(c).Append(" == null) throw VulkanException.NotLoaded(\"").Append(c).Append("\");\n");
            if (ret == "VkResult")
            {
                methods.Append("        var result = _").Append(c).Append('(').Append(argList).Append(");\n");
                methods.Append("        if (result < 0) throw new VulkanException(\"").Append(c).Append("\", result);\n");
                methods.Append("        return result;\n");
            }
            else if (ret == "void")
                methods.Append("        _").Append(c).Append('(').Append(argList).Append(");\n");
            else
                methods.Append("        return _").Append(c).Append('(').Append(argList).Append(");\n");
            methods.Append("    }\n");
            methods.Append("\n    /// <summary>True when ").Append(c).Append(" was found.</summary>\n");
            methods.Append("    public bool Has_").Append(c).Append(" => _").Append(c).Append(" != null;\n");
        }
        sb.Append(fields);
        sb.Append("\n    /// <summary>Loads every command of this level; a missing one stays null and throws when called.</summary>\n");
        sb.Append("    public ").Append(className).Append('(').Append(ownerType).Append(" owner, Func<string, nint> load)\n    {\n");
        sb.Append("        Owner = owner;\n");
        sb.Append(loads);
        sb.Append("    }\n\n    public ").Append(ownerType).Append(" Owner { get; }\n");
        sb.Append(methods);
        sb.Append("}\n");
    }
}
