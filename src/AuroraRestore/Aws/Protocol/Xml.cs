using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Xml.Linq;

namespace AuroraRestore.Aws.Protocol
{
    /// <summary>Namespace-blind readers for Query protocol answers (every service uses its own XML namespace).</summary>
    public static class Xml
    {
        public static XElement? Child(XElement? parent, string name)
            => parent?.Elements().FirstOrDefault(e => e.Name.LocalName == name);

        public static string? Text(XElement? parent, string name) => Child(parent, name)?.Value;

        public static int? Int(XElement? parent, string name)
            => int.TryParse(Text(parent, name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : (int?)null;

        public static long? Long(XElement? parent, string name)
            => long.TryParse(Text(parent, name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : (long?)null;

        public static double? Double(XElement? parent, string name)
            => double.TryParse(Text(parent, name), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : (double?)null;

        public static bool? Bool(XElement? parent, string name)
            => bool.TryParse(Text(parent, name), out var v) ? v : (bool?)null;

        public static DateTimeOffset? Time(XElement? parent, string name)
            => DateTimeOffset.TryParse(Text(parent, name), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var v) ? v : (DateTimeOffset?)null;

        /// <summary>The items of a list element: <c>&lt;name&gt;&lt;member/&gt;...&lt;/name&gt;</c>.</summary>
        public static IEnumerable<XElement> Members(XElement? parent, string name, string memberName = "member")
            => Child(parent, name)?.Elements().Where(e => e.Name.LocalName == memberName) ?? Enumerable.Empty<XElement>();

        public static List<string> Strings(XElement? parent, string name, string memberName = "member")
            => Members(parent, name, memberName).Select(e => e.Value).ToList();
    }
}
