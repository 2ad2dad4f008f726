using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Xml;
using System.Xml.Linq;
using AuroraRestore.Common;

namespace AuroraRestore.Runbooks
{
    /// <summary>
    /// Reads the NUnit 2.5 report Pester 5 or 6 writes for one runbook into phases and steps. The cmdlet's result is read from
    /// the very file CI publishes, so the two cannot disagree. Layout: test-results / test-suite (the run) / test-suite
    /// (the runbook file) / test-suite per Describe (a phase), holding test-cases and nested suites (Context).
    /// </summary>
    public static class NUnitReportReader
    {
        public static IReadOnlyList<RunbookPhase> Read(string path)
        {
            if (!File.Exists(path))
            {
                throw new AuroraRestoreException(
                    RunbookErrorIds.RunbookReportMissing, FailureCategory.InvalidResult, path,
                    $"Pester wrote no report to {path}: the runbook did not run (its own output says why).",
                    "Run again with -Output Detailed to see Pester's messages.");
            }

            XDocument document;
            try
            {
                document = XDocument.Load(path);
            }
            catch (XmlException ex)
            {
                throw Invalid(path, "it is not XML: " + ex.Message, ex);
            }

            var root = document.Root;
            if (root == null || root.Name.LocalName != "test-results")
            {
                throw Invalid(path, "its root element is not test-results");
            }

            var run = root.Elements("test-suite").SingleOrDefault() ?? throw Invalid(path, "it holds no run (test-suite)");
            var container = Children(run).SingleOrDefault();
            if (container == null)
            {
                // Pester records a runbook it could not discover (a parameter error, a syntax error) on the run, not as a
                // suite: no phases. The run's errors say why, and a result without steps never passes.
                return Array.Empty<RunbookPhase>();
            }

            return Children(container).Select(phase => new RunbookPhase
            {
                Name = Attribute(path, phase, "name"),
                Duration = Seconds(path, phase),
                Tests = phase.Descendants("test-case").Select(test => Test(path, phase, test)).ToList(),
            }).ToList();
        }

        private static IEnumerable<XElement> Children(XElement suite)
            => suite.Element("results")?.Elements("test-suite") ?? Enumerable.Empty<XElement>();

        private static RunbookTest Test(string path, XElement phase, XElement test)
        {
            var result = Attribute(path, test, "result");
            return new RunbookTest
            {
                Phase = Attribute(path, phase, "name"),
                Name = (string?)test.Attribute("description") ?? Attribute(path, test, "name"),
                Result = result switch
                {
                    "Success" => RunbookTest.PassedResult,
                    "Failure" or "Error" or "NotRunnable" or "Invalid" => RunbookTest.FailedResult,
                    "Inconclusive" => RunbookTest.InconclusiveResult,
                    "Ignored" or "Skipped" or "Cancelled" => RunbookTest.SkippedResult,
                    _ => throw Invalid(path, $"test-case '{(string?)test.Attribute("name")}' has the unknown result '{result}'"),
                },
                Duration = Seconds(path, test),
                Message = test.Element("failure")?.Element("message")?.Value ?? test.Element("reason")?.Element("message")?.Value,
            };
        }

        private static string Attribute(string path, XElement element, string name)
            => (string?)element.Attribute(name) ?? throw Invalid(path, $"a {element.Name.LocalName} has no {name} attribute");

        private static TimeSpan Seconds(string path, XElement element)
        {
            var text = (string?)element.Attribute("time");
            if (text == null)
            {
                return TimeSpan.Zero;
            }

            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
                ? TimeSpan.FromSeconds(seconds)
                : throw Invalid(path, $"'{text}' is not a time in seconds");
        }

        private static AuroraRestoreException Invalid(string path, string why, Exception? inner = null)
            => new AuroraRestoreException(
                RunbookErrorIds.RunbookReportInvalid, FailureCategory.InvalidResult, path,
                $"The runbook's report {path} cannot be read: {why}.",
                "Run again; if it persists, check that the Pester found is version 5 (Get-Module Pester).", inner);
    }
}
