//! Commands on an order, as scripts through the writer: the one way the
//! order services, the payment worker and the timers change an order.

use std::sync::Arc;

use app::ports::PortError;
use domain::{Actor, Command, OrderId};
use storage::scripts::{Applied, ApplyCommand, CommandFailure, Rules};
use storage::writer::Writer;

use crate::metrics::Metrics;

/// Runs commands through the writer, counts and logs what they did.
#[derive(Clone)]
pub(super) struct OrderCommands {
    writer: Writer,
    metrics: Arc<Metrics>,
    rules: Rules,
}

impl OrderCommands {
    pub(super) fn new(writer: Writer, metrics: Arc<Metrics>, rules: Rules) -> Self {
        Self {
            writer,
            metrics,
            rules,
        }
    }

    /// What the command scripts need to know of Baedal's settings.
    pub(super) fn rules(&self) -> Rules {
        self.rules
    }

    /// Runs one command through the writer, as `actor`.
    pub(super) async fn apply(
        &self,
        order: OrderId,
        command: Command,
        actor: Actor,
    ) -> Result<Applied, PortError> {
        let kind = command.kind();
        let script = ApplyCommand {
            order,
            command,
            actor,
            at: app::clock::now(),
            rules: self.rules,
        };
        let outcome = match actor {
            // Baedal's own workers wait for room rather than give up.
            Actor::System => self.writer.run_waiting(script).await,
            _ => self.writer.run(script).await,
        }?;
        self.metrics.command(kind.as_str(), outcome_name(&outcome));
        let applied = outcome.map_err(command_failed)?;
        changed(order, kind.as_str(), &applied);
        Ok(applied)
    }

    /// Counts and logs a command that a script other than `ApplyCommand` applied.
    pub(super) fn applied(&self, order: OrderId, command: &str, applied: &Applied) {
        self.metrics.command(command, "applied");
        changed(order, command, applied);
    }
}

fn changed(order: OrderId, command: &str, applied: &Applied) {
    tracing::info!(order = %order, command, status = %applied.order.status, "order changed");
}

fn outcome_name(outcome: &Result<Applied, CommandFailure>) -> &'static str {
    match outcome {
        Ok(_) => "applied",
        Err(CommandFailure::Refused(_)) => "refused",
        Err(CommandFailure::Conflict) => "conflict",
        Err(CommandFailure::NotFound) => "not_found",
    }
}

/// A script's refusal as the port's error.
pub(super) fn command_failed(failure: CommandFailure) -> PortError {
    match failure {
        CommandFailure::NotFound => PortError::NotFound,
        CommandFailure::Refused(reason) => PortError::Refused(reason),
        CommandFailure::Conflict => PortError::Conflict,
    }
}
