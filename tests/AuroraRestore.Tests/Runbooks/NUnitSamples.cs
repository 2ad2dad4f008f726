namespace AuroraRestore.Tests.Runbooks
{
    /// <summary>
    /// NUnit 2.5 reports exactly as Pester 5.7.1 wrote them (only the machine's environment attributes and the folder
    /// are neutralised), for a runbook Sample.Runbook.Tests.ps1 with three phases: Preflight (a pass and a skip),
    /// Backup (a failure, then a step), Upgrade (a BeforeAll that throws).
    /// </summary>
    internal static class NUnitSamples
    {
        /// <summary>Run with Run.SkipRemainingOnFailure = Container (as Invoke-RestoreRunbook runs): the rest is skipped.</summary>
        public const string StoppedAtFirstFailure = @"<?xml version=""1.0"" encoding=""utf-8"" standalone=""no""?>
<test-results xmlns:xsi=""http://www.w3.org/2001/XMLSchema-instance"" xsi:noNamespaceSchemaLocation=""nunit_schema_2.5.xsd"" name=""Pester"" total=""5"" errors=""0"" failures=""1"" not-run=""0"" inconclusive=""0"" ignored=""0"" skipped=""3"" invalid=""0"" date=""2026-11-25"" time=""20:01:57"">
  <environment nunit-version=""2.5.8.0"" />
  <culture-info current-culture="""" current-uiculture="""" />
  <test-suite type=""TestFixture"" name=""Pester"" executed=""True"" result=""Failure"" success=""False"" time=""0.9137"" asserts=""0"" description=""Pester"">
    <results>
      <test-suite type=""TestFixture"" name=""/runbooks/Sample.Runbook.Tests.ps1"" executed=""True"" result=""Failure"" success=""False"" time=""0.9137"" asserts=""0"" description=""/runbooks/Sample.Runbook.Tests.ps1"">
        <results>
          <test-suite type=""TestFixture"" name=""Preflight"" executed=""True"" result=""Ignored"" success=""True"" time=""0.3392"" asserts=""0"" description=""Preflight"">
            <results>
              <test-case description=""finds the pipeline of 'staging'"" name=""Preflight.finds the pipeline of 'staging'"" time=""0.1991"" asserts=""0"" success=""True"" result=""Success"" executed=""True"" />
              <test-case description=""skips this"" name=""Preflight.skips this"" time=""0.0981"" asserts=""0"" success=""False"" result=""Ignored"" executed=""False"" />
            </results>
          </test-suite>
          <test-suite type=""TestFixture"" name=""Backup"" executed=""True"" result=""Failure"" success=""False"" time=""0.4374"" asserts=""0"" description=""Backup"">
            <results>
              <test-case description=""takes a backup"" name=""Backup.takes a backup"" time=""0.0462"" asserts=""0"" success=""False"" result=""Failure"" executed=""True"">
                <failure>
                  <message>Expected 2, because the table is gone, but got 1.</message>
                  <stack-trace>at It 'takes a backup' { 1 | Should -Be 2 -Because 'the table is gone' }, /runbooks/Sample.Runbook.Tests.ps1:7
at &lt;ScriptBlock&gt;, /runbooks/Sample.Runbook.Tests.ps1:7</stack-trace>
                </failure>
              </test-case>
              <test-case description=""proves it"" name=""Backup.proves it"" time=""0.0072"" asserts=""0"" success=""False"" result=""Ignored"" executed=""False"" />
            </results>
          </test-suite>
          <test-suite type=""TestFixture"" name=""Upgrade"" executed=""True"" result=""Ignored"" success=""True"" time=""0.4671"" asserts=""0"" description=""Upgrade"">
            <results>
              <test-case description=""upgrades"" name=""Upgrade.upgrades"" time=""0.0089"" asserts=""0"" success=""False"" result=""Ignored"" executed=""False"" />
            </results>
          </test-suite>
        </results>
      </test-suite>
    </results>
  </test-suite>
</test-results>";

        /// <summary>The same runbook without SkipRemainingOnFailure: every step runs; the Upgrade phase's set-up fails.</summary>
        public const string RunToTheEnd = @"<?xml version=""1.0"" encoding=""utf-8"" standalone=""no""?>
<test-results xmlns:xsi=""http://www.w3.org/2001/XMLSchema-instance"" xsi:noNamespaceSchemaLocation=""nunit_schema_2.5.xsd"" name=""Pester"" total=""5"" errors=""0"" failures=""2"" not-run=""0"" inconclusive=""0"" ignored=""0"" skipped=""1"" invalid=""0"" date=""2026-11-25"" time=""20:01:59"">
  <environment nunit-version=""2.5.8.0"" />
  <culture-info current-culture="""" current-uiculture="""" />
  <test-suite type=""TestFixture"" name=""Pester"" executed=""True"" result=""Failure"" success=""False"" time=""0.1467"" asserts=""0"" description=""Pester"">
    <results>
      <test-suite type=""TestFixture"" name=""/runbooks/Sample.Runbook.Tests.ps1"" executed=""True"" result=""Failure"" success=""False"" time=""0.1467"" asserts=""0"" description=""/runbooks/Sample.Runbook.Tests.ps1"">
        <results>
          <test-suite type=""TestFixture"" name=""Preflight"" executed=""True"" result=""Ignored"" success=""True"" time=""0.0145"" asserts=""0"" description=""Preflight"">
            <results>
              <test-case description=""finds the pipeline of 'staging'"" name=""Preflight.finds the pipeline of 'staging'"" time=""0.0041"" asserts=""0"" success=""True"" result=""Success"" executed=""True"" />
              <test-case description=""skips this"" name=""Preflight.skips this"" time=""0.0058"" asserts=""0"" success=""False"" result=""Ignored"" executed=""False"" />
            </results>
          </test-suite>
          <test-suite type=""TestFixture"" name=""Backup"" executed=""True"" result=""Failure"" success=""False"" time=""0.0408"" asserts=""0"" description=""Backup"">
            <results>
              <test-case description=""takes a backup"" name=""Backup.takes a backup"" time=""0.0084"" asserts=""0"" success=""False"" result=""Failure"" executed=""True"">
                <failure>
                  <message>Expected 2, because the table is gone, but got 1.</message>
                  <stack-trace>at It 'takes a backup' { 1 | Should -Be 2 -Because 'the table is gone' }, /runbooks/Sample.Runbook.Tests.ps1:7
at &lt;ScriptBlock&gt;, /runbooks/Sample.Runbook.Tests.ps1:7</stack-trace>
                </failure>
              </test-case>
              <test-case description=""proves it"" name=""Backup.proves it"" time=""0.0083"" asserts=""0"" success=""True"" result=""Success"" executed=""True"" />
            </results>
          </test-suite>
          <test-suite type=""TestFixture"" name=""Upgrade"" executed=""True"" result=""Failure"" success=""False"" time=""0.0917"" asserts=""0"" description=""Upgrade"">
            <results>
              <test-case description=""upgrades"" name=""Upgrade.upgrades"" time=""0"" asserts=""0"" success=""False"" result=""Failure"" executed=""True"">
                <failure>
                  <message>This test should run but it did not. Most likely a setup in some parent block failed.</message>
                  <stack-trace />
                </failure>
              </test-case>
            </results>
          </test-suite>
        </results>
      </test-suite>
    </results>
  </test-suite>
</test-results>";

        /// <summary>Discovery failed (a parameter the runbook does not declare): no runbook suite at all.</summary>
        public const string DiscoveryFailed = @"<?xml version=""1.0"" encoding=""utf-8"" standalone=""no""?>
<test-results xmlns:xsi=""http://www.w3.org/2001/XMLSchema-instance"" xsi:noNamespaceSchemaLocation=""nunit_schema_2.5.xsd"" name=""Pester"" total=""0"" errors=""0"" failures=""0"" not-run=""0"" inconclusive=""0"" ignored=""0"" skipped=""0"" invalid=""0"" date=""2026-11-25"" time=""20:03:05"">
  <environment nunit-version=""2.5.8.0"" />
  <culture-info current-culture="""" current-uiculture="""" />
  <test-suite type=""TestFixture"" name=""Pester"" executed=""True"" result=""Success"" success=""True"" time=""0.0171"" asserts=""0"" description=""Pester"">
    <results />
  </test-suite>
</test-results>";
    }
}
