// The activation baseline: an extension that registers nothing.
exports.activate = () => ({ activationMs: 0 });
exports.deactivate = () => undefined;
