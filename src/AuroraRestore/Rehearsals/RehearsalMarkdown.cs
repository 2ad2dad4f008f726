using System;
using System.Globalization;
using System.Linq;
using System.Text;

namespace AuroraRestore.Rehearsals
{
    /// <summary>
    /// The rehearsal report as Markdown, for a change ticket or a pull request: a summary, every step with its duration,
    /// the upgrade's and the rollback's own steps, every check, the failures and the notes. UTF-8, '\n' line endings.
    /// </summary>
    public static class RehearsalMarkdown
    {
        public static string Render(RehearsalReport report)
        {
            var text = new StringBuilder();
            Line(text, $"# Upgrade rehearsal: {report.SourceEnvironment} {report.FromVersion} → {report.TargetVersion}");
            Line(text);
            Line(text, $"- **Result: {report.Result}**");
            Line(text, $"- Source: `{report.SourceEnvironment}` ({report.FromVersion}), region {report.Region}");
            Line(text, $"- Scratch copy: `{report.ScratchEnvironment}`");
            Line(text, $"- Started: {report.StartedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC, took {Duration(report.Duration)}");
            Line(text);
            Line(text, "## Steps");
            Line(text);
            Line(text, "| # | Step | Status | Duration | Detail |");
            Line(text, "|---|---|---|---|---|");
            foreach (var step in report.Steps)
            {
                Line(text, $"| {step.Index} | {Cell(step.Name)} | {step.Status} | {Duration(step.Duration)} | {Cell(step.Error ?? step.Detail)} |");
            }

            foreach (var step in report.Steps.Where(s => s.SubSteps.Count > 0))
            {
                Line(text);
                Line(text, $"## {step.Name}: its steps");
                Line(text);
                Line(text, "| Step | Hop | Status | Duration | Detail |");
                Line(text, "|---|---|---|---|---|");
                foreach (var sub in step.SubSteps)
                {
                    Line(text, $"| `{Cell(sub.Key)}` | {Cell(sub.Hop ?? string.Empty)} | {sub.Status} | {Duration(sub.Duration)} | {Cell(sub.Detail)} |");
                }
            }

            if (report.Checks.Count > 0)
            {
                Line(text);
                Line(text, "## Checks");
                Line(text);
                Line(text, "| Step | Version | Check | Outcome | Detail |");
                Line(text, "|---|---|---|---|---|");
                foreach (var check in report.Checks)
                {
                    var detail = check.Fix == null ? check.Detail : $"{check.Detail} Fix: {check.Fix}";
                    Line(text, $"| {Cell(check.Step)} | {check.Version} | {check.Name} | {check.Outcome} | {Cell(detail)} |");
                }
            }

            var failures = report.Failures;
            if (failures.Count > 0)
            {
                Line(text);
                Line(text, "## Failures");
                Line(text);
                foreach (var step in failures)
                {
                    Line(text, $"- **{step.Name}**{(step.ErrorId == null ? string.Empty : $" (`{step.ErrorId}`)")}: {OneLine(step.Error ?? step.Detail)}");
                }
            }

            if (report.Notes.Count > 0)
            {
                Line(text);
                Line(text, "## Notes");
                Line(text);
                foreach (var note in report.Notes)
                {
                    Line(text, $"- {OneLine(note)}");
                }
            }

            return text.ToString();
        }

        /// <summary>"1.2 s", "2 min 03 s": short, and the same on every machine.</summary>
        public static string Duration(TimeSpan duration)
            => duration.TotalMinutes >= 1
                ? string.Format(CultureInfo.InvariantCulture, "{0} min {1:00} s", (int)duration.TotalMinutes, duration.Seconds)
                : string.Format(CultureInfo.InvariantCulture, "{0:0.0} s", duration.TotalSeconds);

        private static string Cell(string value) => OneLine(value).Replace("|", "\\|", StringComparison.Ordinal);

        private static string OneLine(string value) => value.Replace("\r", string.Empty, StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal).Trim();

        private static void Line(StringBuilder text, string line = "") => text.Append(line).Append('\n');
    }
}
