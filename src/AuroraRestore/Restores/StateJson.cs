using System.Text.Json.Nodes;
using AuroraRestore.State;

namespace AuroraRestore.Restores
{
    /// <summary>
    /// The state JSON the state machine passes from Task to Task (docs/state-machine.md): operation_id, status, step and
    /// the step data (copy_done, delete_done, restore_done, replace_target, ...). Each Task's output replaces the state.
    /// </summary>
    public static class StateJson
    {
        public static JsonObject From(OperationRecord record)
        {
            var json = (JsonObject)record.Data.DeepClone();
            json["operation_id"] = record.OperationId;
            json["status"] = record.Status;
            json["step"] = record.Step;
            foreach (var flag in new[] { OperationData.CopyDone, OperationData.DeleteDone, OperationData.RestoreDone, OperationData.ReplaceTarget })
            {
                json[flag] = record.DataBool(flag);
            }

            return json;
        }
    }
}
