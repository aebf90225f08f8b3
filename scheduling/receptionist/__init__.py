"""The AI receptionist's conversation engine (`engine.process`); see docs/RECEPTIONIST.md."""
