using System;
using System.Text;

namespace AuroraRestore.Versions
{
    /// <summary>
    /// CloudFormation's Fn::Sub string form, evaluated locally: <c>${Name}</c> and <c>${Resource.Attribute}</c> are
    /// replaced through a resolver, <c>${!Literal}</c> becomes <c>${Literal}</c>. Used to know what a template will
    /// deploy for one environment (the state machine definition) without deploying it.
    /// </summary>
    internal static class TemplateSubstitution
    {
        /// <param name="template">The Fn::Sub string.</param>
        /// <param name="resolve">Value of a variable, or null when it is unknown (which is an error).</param>
        public static string Render(string template, Func<string, string?> resolve)
        {
            var result = new StringBuilder(template.Length);
            var position = 0;
            while (position < template.Length)
            {
                var start = template.IndexOf("${", position, StringComparison.Ordinal);
                if (start < 0)
                {
                    result.Append(template, position, template.Length - position);
                    break;
                }

                result.Append(template, position, start - position);
                var end = template.IndexOf('}', start + 2);
                if (end < 0)
                {
                    throw new FormatException($"Unterminated '${{' at position {start} of an Fn::Sub string.");
                }

                var name = template.Substring(start + 2, end - start - 2);
                if (name.StartsWith("!", StringComparison.Ordinal))
                {
                    result.Append("${").Append(name, 1, name.Length - 1).Append('}');
                }
                else
                {
                    result.Append(resolve(name) ?? throw new FormatException($"Fn::Sub variable '${{{name}}}' cannot be resolved."));
                }

                position = end + 1;
            }

            return result.ToString();
        }
    }
}
