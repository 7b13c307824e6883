import { DashboardSkeleton } from '@/components/dashboard/dashboard-view';

export default function Loading() {
  return <DashboardSkeleton />;
}
